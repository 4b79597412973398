import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../domain/roles';
import { PHASES, OUTCOMES } from '../domain/phases';
import { decisionModels } from './decisions';
import { voteModel } from './votes';
import { recusalModel } from './recusals';
import { boardModel } from './boards';
import { meetingModel } from './meetings';

/**
 * MongoDB documents. Everything here must run on FerretDB 1.24 as well:
 * single-document atomic writes, unique and compound indexes, no TTL indexes,
 * no keys with '.' or '$'. Hot paths read by _id.
 */
const membershipSchema = new Schema({ regionId: { type: String, required: true }, roles: [{ type: String, enum: ROLES }] }, { _id: false });

const userSchema = new Schema(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    memberships: { type: [membershipSchema], default: [] },
  },
  { timestamps: true, versionKey: false },
);

const regionSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** Reminder, escalation and due-soon days of the region's tasks; null: the defaults. */
    taskSettings: { type: Schema.Types.Mixed, default: null },
    /** The region's own task templates per phase; null: the defaults. */
    taskTemplates: { type: Schema.Types.Mixed, default: null },
    /** Suppression threshold, sharing and default area of the region's monitoring; null: the defaults. */
    monitoringSettings: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

/** _id is the SHA-256 of the token: a leaked database does not leak live tokens. */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    csrfToken: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { timestamps: true, versionKey: false },
);

/** Failed logins per account (_id: SHA-256 of the email), for throttling password guessing. */
const loginAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    windowStart: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    updatedAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

/** The mandate read model, written only by the workflow's activity (compare-and-set on version). */
const mandateSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    title: { type: String, required: true },
    actionField: String,
    phase: { type: String, enum: PHASES, required: true },
    outcome: { type: String, enum: [...OUTCOMES, null], default: null },
    version: { type: Number, required: true },
    dueDate: String,
    updatedAt: { type: String, required: true },
    /** The whole snapshot as the workflow returned it (without the audit events). */
    snapshot: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
mandateSchema.index({ regionId: 1, updatedAt: -1 });
mandateSchema.index({ regionId: 1, phase: 1, updatedAt: -1 });

/** The audit trail: one document per event, unique per mandate and sequence number. */
const mandateEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    mandateId: { type: String, required: true },
    regionId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, default: null },
    action: { type: String, required: true },
    phaseBefore: { type: String, default: null },
    phaseAfter: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    /** The Temporal update id that produced the event (from the Idempotency-Key), if any. */
    updateId: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
mandateEventSchema.index({ mandateId: 1, seq: 1 }, { unique: true });
mandateEventSchema.index({ mandateId: 1, updateId: 1 });

/**
 * In-app notifications, one document per user and event; _id is the caller's
 * deterministic id, so inserting the same notification twice keeps one.
 * emailState records what became of its e-mail (the outbox below does the work).
 */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    regionId: { type: String, required: true },
    kind: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    taskId: { type: String, default: null },
    mandateId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    emailState: { type: String, enum: ['pending', 'digest', 'sent', 'skipped', 'failed'], required: true },
    emailSentAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
notificationSchema.index({ userId: 1, createdAt: -1 });

/**
 * Mail not yet delivered: one entry per notification (same _id), deleted once
 * its mail is sent or skipped, so the dispatcher polls a small collection.
 * It carries the whole notification, so a notification lost between the two
 * inserts is recreated from here.
 */
const notificationOutboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    /** pending: to send (or to sort into the digest); digest: waits for the user's next daily digest. */
    state: { type: String, enum: ['pending', 'digest'], required: true },
    attempts: { type: Number, default: 0 },
    /** Due time; a claim moves it forward by a lease, so a crashed sender's entry becomes due again. */
    nextAttemptAt: { type: Date, required: true },
    claim: { type: String, default: null },
    lastError: { type: String, default: null },
    notification: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
notificationOutboxSchema.index({ state: 1, nextAttemptAt: 1 });

/** One daily digest per user and Berlin day (_id `<userId>:<YYYY-MM-DD>`): the marker that makes it exactly once a day. */
const notificationDigestSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    day: { type: String, required: true },
    items: { type: [String], default: [] },
    state: { type: String, enum: ['pending', 'sent', 'empty'], required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    claim: { type: String, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

/**
 * Insert-only marks that make mail exactly-once. FerretDB 1.24 applies a
 * conditional update to every concurrent caller that read the old state (a
 * compare-and-set is not atomic there); a unique _id insert is. So a send is
 * claimed by inserting `claim:<outbox id>:<due ms>`, and its outcome recorded
 * as `done:<notification id>`. Claims older than a day are purged.
 */
const notificationMailMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['claim', 'done'], required: true },
    state: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** Per-user notification settings (_id = user id); no document means the defaults. */
const notificationPreferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    email: { type: String, enum: ['immediate', 'digest', 'off'], required: true },
    locale: { type: String, enum: ['de', 'en'], required: true },
  },
  { timestamps: true, versionKey: false },
);

/** The read model of unfinished tasks (finished ones move to `task_archive`), written only by the task workflow's activity (compare-and-set on version) and, at creation, by its mandate's. */
const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    mandateId: { type: String, default: null },
    type: { type: String, required: true },
    status: { type: String, required: true },
    assigneeId: { type: String, default: null },
    candidateRole: { type: String, default: null },
    completedById: { type: String, default: null },
    /** People who worked on it (assignees, completer): the "done" view's "mine". */
    involvedIds: { type: [String], default: [] },
    dueAt: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    /** Lower-cased title and mandate title, for the inbox's text filter. */
    search: { type: String, default: '' },
    version: { type: Number, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
taskSchema.index({ regionId: 1, status: 1, dueAt: 1 });
taskSchema.index({ regionId: 1, assigneeId: 1, status: 1 });
taskSchema.index({ mandateId: 1 });

const taskEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    regionId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, default: null },
    onBehalfOf: { type: Schema.Types.Mixed, default: null },
    action: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    updateId: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
taskEventSchema.index({ taskId: 1, seq: 1 }, { unique: true });

/** An absence with a substitute; from/until are Berlin calendar dates, both included. */
const absenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    user: { type: Schema.Types.Mixed, required: true },
    substitute: { type: Schema.Types.Mixed, required: true },
    from: { type: String, required: true },
    until: { type: String, required: true },
    note: { type: String, default: null },
    createdBy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
absenceSchema.index({ regionId: 1, until: 1 });

/** A user's named inbox filter. */
const savedFilterSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    regionId: { type: String, required: true },
    name: { type: String, required: true },
    query: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
savedFilterSchema.index({ userId: 1, regionId: 1, name: 1 }, { unique: true });

/** What comments and attachments hang on: a task, a mandate or a board meeting of the document's region. */
const targetDefinition = {
  kind: { type: String, enum: ['task', 'mandate', 'meeting'], required: true },
  id: { type: String, required: true },
};

/** A comment on a task or a mandate: a plain document, not workflow state. author and mentions are PersonRefs. */
const commentSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    target: targetDefinition,
    author: { type: Schema.Types.Mixed, required: true },
    text: { type: String, required: true },
    mentions: { type: [Schema.Types.Mixed], default: [] },
    createdAt: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
commentSchema.index({ 'target.id': 1, 'target.kind': 1, createdAt: 1 });

/**
 * An attachment's metadata. Its bytes are in attachment_chunks, in this same
 * database, so one backup covers both. Only 'stored' attachments are listed or
 * served; 'uploading' and 'deleting' ones are cleaned up by purgeIncompleteAttachments.
 */
const attachmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    target: targetDefinition,
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    chunkSize: { type: Number, required: true },
    chunkCount: { type: Number, required: true },
    uploadedBy: { type: Schema.Types.Mixed, required: true },
    uploadedAt: { type: String, required: true },
    status: { type: String, enum: ['uploading', 'stored', 'deleting'], required: true },
    /** Confidential papers of a matter: a member recused from it cannot open them. */
    confidential: { type: Boolean, default: false },
  },
  { versionKey: false, minimize: false },
);
attachmentSchema.index({ 'target.id': 1, 'target.kind': 1, uploadedAt: 1 });
attachmentSchema.index({ status: 1, uploadedAt: 1 });

/**
 * The bytes of an attachment, ≤ 255 KiB per document. _id is `<attachmentId>:<n>`
 * so a download reads each chunk by _id: FerretDB pushes down only _id lookups,
 * and GridFS's files_id query scans every stored chunk (see store/attachments.ts).
 */
const attachmentChunkSchema = new Schema(
  {
    _id: { type: String, required: true },
    attachmentId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Schema.Types.Buffer, required: true },
  },
  { versionKey: false, minimize: false },
);
attachmentChunkSchema.index({ attachmentId: 1, n: 1 }, { unique: true });

/**
 * A region's own indicator, or its settings for a standard one (the target).
 * _id `<regionId>|<key>`; `definition` is null for a standard indicator.
 */
const indicatorSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    key: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, default: null },
    target: { type: Schema.Types.Mixed, default: null },
    updatedAt: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
indicatorSchema.index({ regionId: 1 });

/** One value of a value set (FerretDB stores arrays of documents, not nested arrays). */
const valueSchema = new Schema(
  {
    period: { type: String, required: true },
    breakdown: { type: Schema.Types.Mixed, default: {} },
    breakdownKey: { type: String, required: true },
    area: { type: String, required: true },
    value: { type: Number, default: null },
    status: { type: String, required: true },
    caseCount: { type: Number, default: null },
  },
  { _id: false, minimize: false },
);

/**
 * A set of values of one indicator that came together: one hand entry, or up
 * to VALUES_PER_SET values of one import batch or answered data request, with
 * their provenance. Only ever inserted; each value is a version of its cell.
 * _id is `<batch or entry id>|<indicatorKey>|<part>`, so a retried write is a
 * duplicate key, never a second version. Sets of a batch count only once the
 * batch is committed (all or nothing). Values are kept in sets rather than a
 * document each because FerretDB's SQLite backend reads every document of the
 * collection for a query by region and indicator: the cost is per document.
 */
const indicatorValueSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    indicatorKey: { type: String, required: true },
    source: { type: String, required: true },
    referenceDate: { type: String, default: null },
    territorialStatus: { type: String, default: null },
    origin: { type: String, required: true },
    enteredBy: { type: Schema.Types.Mixed, required: true },
    batchId: { type: String, default: null },
    fileName: { type: String, default: null },
    taskId: { type: String, default: null },
    note: { type: String, default: null },
    createdAt: { type: String, required: true },
    values: { type: [valueSchema], default: [] },
  },
  { versionKey: false, minimize: false },
);
indicatorValueSchema.index({ regionId: 1, indicatorKey: 1 });
indicatorValueSchema.index({ batchId: 1 });

/**
 * An import: the uploaded file (its bytes in attachment_chunks under
 * `<importId>:<n>`), the mapping and what the preview found. `committed` is the
 * moment its values count: until then no read sees them.
 */
const importBatchSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    kind: { type: String, enum: ['file', 'request'], required: true },
    status: { type: String, enum: ['preview', 'committing', 'committed', 'discarded'], required: true },
    fileName: { type: String, default: null },
    contentType: { type: String, default: null },
    size: { type: Number, default: 0 },
    chunkCount: { type: Number, default: 0 },
    taskId: { type: String, default: null },
    mapping: { type: Schema.Types.Mixed, default: null },
    provenance: { type: Schema.Types.Mixed, default: null },
    /** JSON text: the preview holds the file's first rows, and FerretDB stores no nested arrays. */
    preview: { type: String, default: null },
    createdBy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: String, required: true },
    committedAt: { type: String, default: null },
    written: { type: Number, default: 0 },
  },
  { versionKey: false, minimize: false },
);
importBatchSchema.index({ regionId: 1, createdAt: -1 });

/**
 * Who is committing or discarding an import: _id is the import's id, so of
 * two requests exactly one can insert it (FerretDB does not make conditional
 * updates atomic, a unique insert it does). A failed commit removes its claim.
 */
const importClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    action: { type: String, enum: ['commit', 'discard'], required: true },
    at: { type: String, required: true },
  },
  { versionKey: false },
);

/** A dossier as it went to the board: content-addressed (_id is the SHA-256 of its canonical JSON), never changed. */
const dossierSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    mandateId: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

export type UserDoc = InferSchemaType<typeof userSchema>;
export type RegionDoc = InferSchemaType<typeof regionSchema>;
export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export type LoginAttemptDoc = InferSchemaType<typeof loginAttemptSchema>;
export type MandateDoc = InferSchemaType<typeof mandateSchema>;
export type MandateEventDoc = InferSchemaType<typeof mandateEventSchema>;
export type TaskDoc = InferSchemaType<typeof taskSchema>;
export type TaskEventDoc = InferSchemaType<typeof taskEventSchema>;
export type AbsenceDoc = InferSchemaType<typeof absenceSchema>;
export type SavedFilterDoc = InferSchemaType<typeof savedFilterSchema>;
export type NotificationDoc = InferSchemaType<typeof notificationSchema>;
export type NotificationOutboxDoc = InferSchemaType<typeof notificationOutboxSchema>;
export type NotificationDigestDoc = InferSchemaType<typeof notificationDigestSchema>;
export type NotificationPreferenceDoc = InferSchemaType<typeof notificationPreferenceSchema>;
export type NotificationMailMarkDoc = InferSchemaType<typeof notificationMailMarkSchema>;
export type CommentDoc = InferSchemaType<typeof commentSchema>;
export type AttachmentDoc = InferSchemaType<typeof attachmentSchema>;

export function createModels(connection: Connection) {
  return {
    User: connection.model('User', userSchema, 'users') as Model<UserDoc>,
    Region: connection.model('Region', regionSchema, 'regions') as Model<RegionDoc>,
    Session: connection.model('Session', sessionSchema, 'sessions') as Model<SessionDoc>,
    LoginAttempt: connection.model('LoginAttempt', loginAttemptSchema, 'login_attempts') as Model<LoginAttemptDoc>,
    Mandate: connection.model('Mandate', mandateSchema, 'mandates') as Model<MandateDoc>,
    MandateEvent: connection.model('MandateEvent', mandateEventSchema, 'mandate_events') as Model<MandateEventDoc>,
    Task: connection.model('Task', taskSchema, 'tasks') as Model<TaskDoc>,
    /** Finished tasks (done, cancelled): same documents, out of the inbox's way. */
    TaskArchive: connection.model('TaskArchive', taskSchema.clone(), 'task_archive') as Model<TaskDoc>,
    TaskEvent: connection.model('TaskEvent', taskEventSchema, 'task_events') as Model<TaskEventDoc>,
    Absence: connection.model('Absence', absenceSchema, 'absences') as Model<AbsenceDoc>,
    SavedFilter: connection.model('SavedFilter', savedFilterSchema, 'saved_filters') as Model<SavedFilterDoc>,
    Notification: connection.model('Notification', notificationSchema, 'notifications') as Model<NotificationDoc>,
    NotificationOutbox: connection.model('NotificationOutbox', notificationOutboxSchema, 'notification_outbox') as Model<NotificationOutboxDoc>,
    NotificationDigest: connection.model('NotificationDigest', notificationDigestSchema, 'notification_digests') as Model<NotificationDigestDoc>,
    NotificationPreference: connection.model(
      'NotificationPreference',
      notificationPreferenceSchema,
      'notification_preferences',
    ) as Model<NotificationPreferenceDoc>,
    NotificationMailMark: connection.model('NotificationMailMark', notificationMailMarkSchema, 'notification_mail_marks') as Model<NotificationMailMarkDoc>,
    Comment: connection.model('Comment', commentSchema, 'comments') as Model<CommentDoc>,
    Attachment: connection.model('Attachment', attachmentSchema, 'attachments') as Model<AttachmentDoc>,
    AttachmentChunk: connection.model('AttachmentChunk', attachmentChunkSchema, 'attachment_chunks'),
    Indicator: connection.model('Indicator', indicatorSchema, 'indicators'),
    IndicatorValue: connection.model('IndicatorValue', indicatorValueSchema, 'indicator_values'),
    ImportBatch: connection.model('ImportBatch', importBatchSchema, 'import_batches'),
    ImportClaim: connection.model('ImportClaim', importClaimSchema, 'import_claims'),
    Dossier: connection.model('Dossier', dossierSchema, 'dossiers'),
    ...decisionModels(connection),
    Vote: voteModel(connection),
    Recusal: recusalModel(connection),
    Board: boardModel(connection),
    Meeting: meetingModel(connection),
  };
}
export type Models = ReturnType<typeof createModels>;
