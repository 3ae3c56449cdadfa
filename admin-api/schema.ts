// Table types of the staff API (accounts, sessions, access log, content, follow-ups, settings),
// for Kysely. Mirrors admin-api/migrations/; app/schema.test.ts fails when the two differ.
// `bigint` columns come back from pg as strings.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type BigId = Generated<string>;

export interface AccountsTable {
  id: BigId;
  email: string;
  password_hash: string;
  role: 'viewer' | 'staff' | 'editor' | 'admin';
  totp_secret: string | null;
  totp_pending_secret: string | null;
  /** The last TOTP step used (a used step is refused). */
  totp_last_step: string | null;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Sessions by the SHA-256 of their token. */
export interface SessionsTable {
  token_hash: string;
  account_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  /** False until the second factor is done (or enrolled, for an admin without one yet). */
  mfa_ok: boolean;
}

export interface AccessLogTable {
  id: BigId;
  at: Timestamp;
  account_id: string | null;
  email: string | null;
  role: string | null;
  action: string;
  method: string;
  route: string;
  record: string | null;
  status: number;
  ip: string | null;
}

export interface ScenariosTable {
  id: BigId;
  scenario_id: string;
  version: number;
  yaml: string;
  note: string | null;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
  tests_passed: number | null;
  tests_failed: number | null;
  tested_at: Timestamp | null;
}

/** The version each call starts with; one row per scenario. */
export interface ScenarioActiveTable {
  scenario_id: string;
  version: number;
  activated_at: Timestamp;
  activated_by: string | null;
}

export interface ScenarioActivationsTable {
  id: BigId;
  scenario_id: string;
  version: number;
  at: Timestamp;
  by: string | null;
}

export interface FaqTable {
  id: string;
  position: number;
  category: Generated<string>;
  question: string;
  answer: string;
  synonyms: Generated<string[]>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface TemplatesTable {
  id: string;
  channel: 'sms' | 'email';
  subject: string | null;
  body: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Failed log-ins per account AND source address (migration 003). */
export interface LoginSourcesTable {
  account_id: string;
  ip: string;
  failures: Generated<number>;
  not_before: Timestamp | null;
  locked_until: Timestamp | null;
  succeeded_at: Timestamp | null;
}

/** Calls whose transfer to a person failed: staff owe a call-back. */
export interface FollowUpsTable {
  id: BigId;
  call_id: string;
  created_at: Timestamp;
  reason: string;
  done_at: Timestamp | null;
  done_by: string | null;
  /** `transfer_failed` (the carrier refused the hand-over) or `callback` (nobody could take the call). */
  kind: Generated<string>;
  /** The number to call back (personal data; null once erased, or for a failed transfer). */
  phone: string | null;
  /** What the caller wanted (the hand-over summary; null once erased). */
  summary: string | null;
  taken_at: Timestamp | null;
  taken_by: string | null;
}

/** Generated settings (the caller-hash key), key → value. */
export interface AppSettingsTable {
  key: string;
  value: string;
  created_at: Generated<Timestamp>;
}

/** Staff addresses the scheduled reports are e-mailed to, and which kinds (week, month, year). */
export interface ReportRecipientsTable {
  email: string;
  kinds: ColumnType<string[], string[] | undefined, string[]>;
  added_at: Generated<Timestamp>;
  added_by: string | null;
}

/** A supervisor alert rule's threshold as staff set it (rules without a row use their default). */
export interface AlertRulesTable {
  rule: string;
  threshold: number;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

/** One alert: a rule over its threshold from `started_at` until `ended_at`; e-mailed once. */
export interface AlertsTable {
  id: BigId;
  rule: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  value: number;
  threshold: number;
  notified_at: Timestamp | null;
  changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An FAQ entry an editor made from a topic of unanswered questions (its key: the words' readings). */
export interface FaqGapLinksTable {
  topic: string;
  faq: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AdminTables {
  admin_accounts: AccountsTable;
  admin_sessions: SessionsTable;
  admin_access_log: AccessLogTable;
  admin_scenarios: ScenariosTable;
  admin_scenario_active: ScenarioActiveTable;
  admin_scenario_activations: ScenarioActivationsTable;
  admin_faq: FaqTable;
  admin_templates: TemplatesTable;
  admin_login_sources: LoginSourcesTable;
  admin_follow_ups: FollowUpsTable;
  app_settings: AppSettingsTable;
  admin_report_recipients: ReportRecipientsTable;
  admin_alert_rules: AlertRulesTable;
  admin_alerts: AlertsTable;
  admin_faq_gap_links: FaqGapLinksTable;
}
