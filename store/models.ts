import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../domain/roles';
import { PHASES, OUTCOMES } from '../domain/phases';

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

const regionSchema = new Schema({ _id: { type: String, required: true }, name: { type: String, required: true } }, { timestamps: true, versionKey: false });

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

export type UserDoc = InferSchemaType<typeof userSchema>;
export type RegionDoc = InferSchemaType<typeof regionSchema>;
export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export type LoginAttemptDoc = InferSchemaType<typeof loginAttemptSchema>;
export type MandateDoc = InferSchemaType<typeof mandateSchema>;
export type MandateEventDoc = InferSchemaType<typeof mandateEventSchema>;

export function createModels(connection: Connection) {
  return {
    User: connection.model('User', userSchema, 'users') as Model<UserDoc>,
    Region: connection.model('Region', regionSchema, 'regions') as Model<RegionDoc>,
    Session: connection.model('Session', sessionSchema, 'sessions') as Model<SessionDoc>,
    LoginAttempt: connection.model('LoginAttempt', loginAttemptSchema, 'login_attempts') as Model<LoginAttemptDoc>,
    Mandate: connection.model('Mandate', mandateSchema, 'mandates') as Model<MandateDoc>,
    MandateEvent: connection.model('MandateEvent', mandateEventSchema, 'mandate_events') as Model<MandateEventDoc>,
  };
}
export type Models = ReturnType<typeof createModels>;
