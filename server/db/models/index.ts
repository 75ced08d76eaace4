/** The models of one database. Schema comes from migrations, never sync(). */
import type { Sequelize } from 'sequelize';
import { DirectorySyncRunModel } from './directory-sync-run.js';
import { GroupMembershipModel } from './group-membership.js';
import { GroupModel } from './group.js';
import { JobLeaseModel } from './job-lease.js';
import { SessionModel } from './session.js';
import { UserPhotoModel } from './user-photo.js';
import { UserModel } from './user.js';
import { PostModel } from './post.js';
import { PostEditModel } from './post-edit.js';
import { PostMentionModel } from './post-mention.js';
import { PostHashtagModel } from './post-hashtag.js';
import { LikeModel } from './like.js';
import { BookmarkModel } from './bookmark.js';
import { FollowModel } from './follow.js';
import { HashtagFollowModel } from './hashtag-follow.js';
import { AttachmentModel } from './attachment.js';
import { NotificationModel } from './notification.js';
import { ConversationModel } from './conversation.js';
import { ConversationParticipantModel } from './conversation-participant.js';
import { AccessTokenModel } from './access-token.js';
import { OAuthAppModel } from './oauth-app.js';
import { OAuthAuthorizationCodeModel } from './oauth-authorization-code.js';
import { AuditEventModel } from './audit-event.js';
import { ReportModel } from './report.js';
import { DigestDeliveryModel } from './digest-delivery.js';
import { AnnouncementModel } from './announcement.js';
import { AnnouncementGroupModel } from './announcement-group.js';
import { AnnouncementReceiptModel } from './announcement-receipt.js';
import { OutboxEventModel } from './outbox-event.js';
import { ExternalIdentityModel } from './external-identity.js';

export { DirectorySyncRunModel, GroupMembershipModel, GroupModel, JobLeaseModel, SessionModel, UserModel, UserPhotoModel };

export {
  PostModel,
  PostEditModel,
  PostMentionModel,
  PostHashtagModel,
  LikeModel,
  BookmarkModel,
  FollowModel,
  HashtagFollowModel,
  AttachmentModel,
  NotificationModel,
  ConversationModel,
  ConversationParticipantModel,
};

export { AccessTokenModel, OAuthAppModel, OAuthAuthorizationCodeModel };

export { AuditEventModel };

export { ReportModel };

export { DigestDeliveryModel };

export { AnnouncementModel, AnnouncementGroupModel, AnnouncementReceiptModel };

export { OutboxEventModel };

export { ExternalIdentityModel };

export interface Models {
  AuditEvent: typeof AuditEventModel;
  User: typeof UserModel;
  Session: typeof SessionModel;
  UserPhoto: typeof UserPhotoModel;
  Group: typeof GroupModel;
  GroupMembership: typeof GroupMembershipModel;
  DirectorySyncRun: typeof DirectorySyncRunModel;
  JobLease: typeof JobLeaseModel;
  Post: typeof PostModel;
  PostEdit: typeof PostEditModel;
  PostMention: typeof PostMentionModel;
  PostHashtag: typeof PostHashtagModel;
  Like: typeof LikeModel;
  Bookmark: typeof BookmarkModel;
  Follow: typeof FollowModel;
  HashtagFollow: typeof HashtagFollowModel;
  Attachment: typeof AttachmentModel;
  Notification: typeof NotificationModel;
  Conversation: typeof ConversationModel;
  ConversationParticipant: typeof ConversationParticipantModel;
  OAuthApp: typeof OAuthAppModel;
  AccessToken: typeof AccessTokenModel;
  OAuthAuthorizationCode: typeof OAuthAuthorizationCodeModel;
  Report: typeof ReportModel;
  DigestDelivery: typeof DigestDeliveryModel;
  Announcement: typeof AnnouncementModel;
  AnnouncementGroup: typeof AnnouncementGroupModel;
  AnnouncementReceipt: typeof AnnouncementReceiptModel;
  OutboxEvent: typeof OutboxEventModel;
  ExternalIdentity: typeof ExternalIdentityModel;
}

export function createModels(sequelize: Sequelize): Models {
  return {
    AuditEvent: AuditEventModel.bindTo(sequelize),
    User: UserModel.bindTo(sequelize),
    Session: SessionModel.bindTo(sequelize),
    UserPhoto: UserPhotoModel.bindTo(sequelize),
    Group: GroupModel.bindTo(sequelize),
    GroupMembership: GroupMembershipModel.bindTo(sequelize),
    DirectorySyncRun: DirectorySyncRunModel.bindTo(sequelize),
    JobLease: JobLeaseModel.bindTo(sequelize),
    Post: PostModel.bindTo(sequelize),
    PostEdit: PostEditModel.bindTo(sequelize),
    PostMention: PostMentionModel.bindTo(sequelize),
    PostHashtag: PostHashtagModel.bindTo(sequelize),
    Like: LikeModel.bindTo(sequelize),
    Bookmark: BookmarkModel.bindTo(sequelize),
    Follow: FollowModel.bindTo(sequelize),
    HashtagFollow: HashtagFollowModel.bindTo(sequelize),
    Attachment: AttachmentModel.bindTo(sequelize),
    Notification: NotificationModel.bindTo(sequelize),
    Conversation: ConversationModel.bindTo(sequelize),
    ConversationParticipant: ConversationParticipantModel.bindTo(sequelize),
    OAuthApp: OAuthAppModel.bindTo(sequelize),
    AccessToken: AccessTokenModel.bindTo(sequelize),
    OAuthAuthorizationCode: OAuthAuthorizationCodeModel.bindTo(sequelize),
    Report: ReportModel.bindTo(sequelize),
    DigestDelivery: DigestDeliveryModel.bindTo(sequelize),
    Announcement: AnnouncementModel.bindTo(sequelize),
    AnnouncementGroup: AnnouncementGroupModel.bindTo(sequelize),
    AnnouncementReceipt: AnnouncementReceiptModel.bindTo(sequelize),
    OutboxEvent: OutboxEventModel.bindTo(sequelize),
    ExternalIdentity: ExternalIdentityModel.bindTo(sequelize),
  };
}
