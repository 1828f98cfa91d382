// When each workflow session was last used, so a session left idle ends
// (src/workflow/accounts.ts SESSION_IDLE_MINUTES) as well as one past its
// absolute expiry. Sessions from before this column count from their start.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wf_sessions').addColumn('last_seen_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wf_sessions').dropColumn('last_seen_at').execute();
}
