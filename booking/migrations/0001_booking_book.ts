// The booking book: venues, opening rules, capacity overrides, the window, slots and bookings.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('reading', 'text', (c) => c.notNull())
    .addColumn('aliases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('opening_rules')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('weekday', 'smallint', (c) => c.notNull().check(sql`weekday between 0 and 6`))
    .addColumn('first_slot', 'text', (c) => c.notNull().check(sql`first_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('last_slot', 'text', (c) => c.notNull().check(sql`last_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('opening_rules_pk', ['venue_id', 'weekday'])
    .addCheckConstraint('opening_rules_order', sql`first_slot <= last_slot`)
    .execute();

  await db.schema.createTable('closed_days')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.references('venues.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create unique index closed_days_unique on closed_days (coalesce(venue_id, ''), date)`.execute(db);

  await db.schema.createTable('extra_open_days')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('first_slot', 'text', (c) => c.notNull().check(sql`first_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('last_slot', 'text', (c) => c.notNull().check(sql`last_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('extra_open_days_pk', ['venue_id', 'date'])
    .execute();

  await db.schema.createTable('day_capacity')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('day_capacity_pk', ['venue_id', 'date'])
    .execute();

  await db.schema.createTable('slot_capacity')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('slot_capacity_pk', ['venue_id', 'date', 'time'])
    .execute();

  await db.schema.createTable('booking_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('opens_at', 'timestamptz')
    .addColumn('closes_at', 'timestamptz')
    .addColumn('first_day', 'date')
    .addColumn('last_day', 'date')
    .addColumn('min_days_ahead', 'integer', (c) => c.notNull().defaultTo(1).check(sql`min_days_ahead >= 1`))
    .addColumn('horizon_days', 'integer', (c) => c.notNull().defaultTo(60).check(sql`horizon_days >= 1`))
    .execute();
  await sql`insert into booking_settings (id) values (1)`.execute(db);

  await db.schema.createTable('generated_days')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .execute();

  await db.schema.createTable('slots')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0).check(sql`booked >= 0`))
    .addColumn('open', 'boolean', (c) => c.notNull().defaultTo(true))
    .addPrimaryKeyConstraint('slots_pk', ['venue_id', 'date', 'time'])
    .execute();
  // Nearest-open and open-slot searches walk only slots with room, by start time.
  await sql`create index slots_open_by_start on slots (venue_id, starts_at) where open and booked < capacity`.execute(db);

  await db.schema.createTable('bookings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().check(sql`ref ~ '^[0-9]{6,10}$'`))
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('procedure', 'text', (c) => c.notNull().check(sql`procedure in ('ecert_renewal', 'card_renewal', 'card_pickup')`))
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('name_key', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('party_size', 'integer', (c) => c.notNull().defaultTo(1).check(sql`party_size between 1 and 10`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'web', 'staff')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'cancelled')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addForeignKeyConstraint('bookings_slot_fk', ['venue_id', 'date', 'time'], 'slots', ['venue_id', 'date', 'time'])
    .execute();
  // A reference names one booking while its personal data is kept; erased bookings free theirs.
  await sql`create unique index bookings_ref_live on bookings (ref) where erased_at is null`.execute(db);
  await sql`create index bookings_phone on bookings (phone, date) where status = 'active'`.execute(db);
  await sql`create index bookings_slot on bookings (venue_id, date, time)`.execute(db);
  await sql`create index bookings_to_erase on bookings (date) where erased_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['bookings', 'slots', 'generated_days', 'booking_settings', 'slot_capacity', 'day_capacity',
    'extra_open_days', 'closed_days', 'opening_rules', 'venues']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
