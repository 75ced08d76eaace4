/** Reading and replacing people's photos (bytes live in user_photos, the etag on users). */
import type { Transaction } from 'sequelize';
import type { Models } from '../models/index.js';
import type { PhotoSource } from '../models/user.js';
import type { UserPhotoModel } from '../models/user-photo.js';

export class UserPhotoRepository {
  constructor(private readonly models: Models) {}

  find(userId: string): Promise<UserPhotoModel | null> {
    return this.models.UserPhoto.findByPk(userId);
  }

  /** Stores (or replaces) the photo and records its etag and source on the user, in the caller's transaction. */
  async put(userId: string, photo: { contentType: string; data: Buffer; etag: string; source: PhotoSource }, transaction: Transaction): Promise<void> {
    await this.models.UserPhoto.upsert(
      { userId, contentType: photo.contentType, data: photo.data, updatedAt: new Date() },
      { transaction },
    );
    await this.models.User.update({ photoEtag: photo.etag, photoSource: photo.source }, { where: { id: userId }, transaction });
  }

  async remove(userId: string, transaction: Transaction): Promise<void> {
    await this.models.UserPhoto.destroy({ where: { userId }, transaction });
    await this.models.User.update({ photoEtag: null, photoSource: null }, { where: { id: userId }, transaction });
  }
}
