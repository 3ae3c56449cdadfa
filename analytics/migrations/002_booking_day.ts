import { sql, type Kysely } from 'kysely';

// Bookings per day, venue, channel and action as an additive roll-up: the season's figure then
// reads a few thousand rows instead of grouping every booking (it was the slowest figure).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table analytics_booking_day (
      day date not null,
      venue text not null,
      channel text not null,
      action text not null,
      count integer not null default 0,
      primary key (day, venue, channel, action)
    );
    insert into analytics_booking_day (day, venue, channel, action, count)
      select day, venue, channel, action, count(*) from analytics_bookings group by 1, 2, 3, 4;
    drop table analytics_bookings;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists analytics_booking_day`.execute(db);
}
