/**
 * /settings/profile: a person edits their own profile (display name,
 * pronouns, title, department, phone, location, bio) and photo, cropped to a
 * square in the browser (cropperjs) and again on the server from the
 * submitted box, so a browser without JavaScript still gets a square. Fields
 * the directory or identity provider owns are shown locked, with where they
 * come from; the service refuses them whatever the form sends.
 */
import multer from '@koa/multer';
import Router from '@koa/router';
import type { UserModel } from '../../../db/models/user.js';
import { DomainError } from '../../../domain/errors.js';
import { profileOwnership } from '../../../domain/profile-ownership.js';
import { EDITABLE_PROFILE_FIELDS, isEditableProfileField, PROFILE_LIMITS, type EditableProfileField } from '../../../domain/profile-rules.js';
import type { ProfileEdit, ProfileEditService } from '../../../services/people/profile-edit.js';
import { cropBoxOf, PHOTO_UPLOAD_MAX_BYTES } from '../../../services/people/photo-crop.js';
import type { AppContext, AppState } from '../../context.js';
import { verifyCsrf } from '../../middleware/csrf.js';
import { requireUser } from '../../middleware/access.js';
import { formField } from '../../forms.js';
import { receiveMultipart } from '../../multipart-body.js';
import { requestActor } from '../../request-actor.js';
import { CROPPER_ASSET_PATH } from '../../vendor-assets.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { avatarUrl } from './avatars.js';
import { profilePath } from './profile.js';

export const PROFILE_EDIT_PATH = '/settings/profile';
export const PROFILE_PHOTO_PATH = '/settings/profile/photo';
const PHOTO_REMOVE_PATH = '/settings/profile/photo/remove';
const PHOTO_TYPES = 'image/jpeg,image/png,image/gif,image/webp';

interface ShowOptions {
  /** What was submitted, on a refused post. */
  values?: ProfileEdit;
  errors?: Record<string, string>;
}

/** The refusal in the reader's language: an owned field says where it comes from. */
function errorsOf(ctx: AppContext, user: UserModel, error: unknown): Record<string, string> {
  if (!(error instanceof DomainError) || !error.field) throw error;
  const field = error.field;
  const ownership = profileOwnership(user);
  if (ownership.owner && (isEditableProfileField(field) || field === 'photo') && ownership.owns(field)) {
    return { [field]: ctx.state.t(`profileEdit.locked.${ownership.owner}`) };
  }
  const key = field === 'photo' ? `profileEdit.errors.photo.${error.code}` : `profileEdit.errors.${field}`;
  const limit = isEditableProfileField(field) ? PROFILE_LIMITS[field] : undefined;
  return { [field]: ctx.state.t(key, { defaultValue: error.message, limit, megabytes: PHOTO_UPLOAD_MAX_BYTES / 1024 / 1024 }) };
}

export function profileEditRoutes(deps: { renderer: Renders; profiles: ProfileEditService }): Router<AppState> {
  const router = new Router<AppState>();

  function show(ctx: AppContext, options: ShowOptions = {}) {
    const user = ctx.state.user!;
    const ownership = profileOwnership(user);
    const locked = (field: EditableProfileField | 'photo') => ownership.owns(field);
    renderPage(ctx, deps.renderer, 'profile-edit', {
      title: ctx.state.t('profileEdit.title'),
      saved: ctx.query.saved === '1',
      profileUrl: profilePath(user.username),
      ownerNote: ownership.owner ? ctx.state.t(`profileEdit.locked.${ownership.owner}`) : '',
      fields: EDITABLE_PROFILE_FIELDS.map((name) => ({
        name,
        value: (locked(name) ? undefined : options.values?.[name]) ?? user[name] ?? '',
        locked: locked(name),
        multiline: name === 'bio',
        maxLength: PROFILE_LIMITS[name],
        error: options.errors?.[name],
      })),
      photo: {
        url: avatarUrl(user),
        locked: locked('photo'),
        removable: Boolean(user.photoEtag) && !locked('photo'),
        types: PHOTO_TYPES,
        megabytes: PHOTO_UPLOAD_MAX_BYTES / 1024 / 1024,
        error: options.errors?.photo ?? options.errors?.crop,
        cropperUrl: CROPPER_ASSET_PATH,
      },
    });
  }

  /** Runs a change; a refusal shows the page again with the message beside the field. */
  async function saving(ctx: AppContext, change: () => Promise<unknown>, values?: ProfileEdit) {
    try {
      await change();
    } catch (error) {
      const errors = errorsOf(ctx, ctx.state.user!, error);
      ctx.status = (error as DomainError).status;
      show(ctx, { values, errors });
      return;
    }
    ctx.redirect(`${PROFILE_EDIT_PATH}?saved=1`);
  }

  router.get(PROFILE_EDIT_PATH, requireUser, (ctx) => show(ctx));

  router.post(PROFILE_EDIT_PATH, requireUser, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    // Only submitted fields change: a locked field has no input, so it is simply absent.
    const values: ProfileEdit = {};
    for (const name of EDITABLE_PROFILE_FIELDS) if (Object.hasOwn(body, name)) values[name] = formField(ctx, name);
    await saving(ctx, () => deps.profiles.update(ctx.state.user!, values, requestActor(ctx)), values);
  });

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: PHOTO_UPLOAD_MAX_BYTES, files: 1, fields: 6 } }).single('photo');
  router.post(PROFILE_PHOTO_PATH, requireUser, async (ctx) => {
    await saving(ctx, async () => {
      if (!ctx.is('multipart/form-data')) throw new DomainError('E_VALIDATION', 'Choose a picture', 422, 'photo');
      try {
        await receiveMultipart(ctx, upload);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'LIMIT_FILE_SIZE') throw new DomainError('E_MEDIA_TOO_LARGE', 'The picture is too large', 413, 'photo');
        if (typeof code === 'string' && code.startsWith('LIMIT_')) throw new DomainError('E_VALIDATION', 'Send one picture', 422, 'photo');
        throw error;
      }
      verifyCsrf(ctx);
      const file = (ctx.request as { file?: { buffer?: Buffer } }).file;
      if (!file?.buffer || file.buffer.length === 0) throw new DomainError('E_VALIDATION', 'Choose a picture', 422, 'photo');
      const box = cropBoxOf({ x: formField(ctx, 'cropX'), y: formField(ctx, 'cropY'), size: formField(ctx, 'cropSize') });
      await deps.profiles.setPhoto(ctx.state.user!, file.buffer, box, requestActor(ctx));
    });
  });

  router.post(PHOTO_REMOVE_PATH, requireUser, async (ctx) => {
    await saving(ctx, () => deps.profiles.removePhoto(ctx.state.user!, requestActor(ctx)));
  });

  return router;
}
