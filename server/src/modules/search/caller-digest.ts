// A caller's phone as a keyed digest (HMAC-SHA256 of its digits under this database's secret): what
// search and repeat-call matching compare, so that neither reads ticket_callers nor holds a number.
// Without the key a digest cannot be turned back into a number by trying the few billion phone numbers.
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';

/** The digits of a phone number, without a +86 / 0086 country prefix: 138-1234-5678 and +86 13812345678 match. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');

// one key per database (a transaction shares its database's client)
const keys = new WeakMap<object, Promise<Buffer>>();

function keyOf(db: Knex): Promise<Buffer> {
  let key = keys.get(db.client);
  if (!key) {
    key = db('search_secrets')
      .where({ name: 'callerDigest' })
      .first('secret')
      .then((row: { secret: Buffer } | undefined) => {
        if (!row) throw new Error('search_secrets has no callerDigest key: run the migrations');
        return row.secret;
      });
    key.catch(() => keys.delete(db.client));
    keys.set(db.client, key);
  }
  return key;
}

export async function callerDigest(db: Knex, phone: string): Promise<Buffer> {
  return createHmac('sha256', await keyOf(db)).update(phoneDigits(phone)).digest();
}
