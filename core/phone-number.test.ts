// Phone numbers as shown: landlines grouped by area code like mobiles.
import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, phoneGroups } from './phone-number.js';

describe('phone numbers as written', () => {
  it('groups landlines by area code as well as mobiles', () => {
    expect(formatPhoneNumber('0586110004')).toBe('0586-11-0004');
    expect(formatPhoneNumber('09012345678')).toBe('090-1234-5678');
    expect(formatPhoneNumber('0312345678')).toBe('03-1234-5678');
    expect(formatPhoneNumber('0521234567')).toBe('052-123-4567');
    expect(formatPhoneNumber('0120950178')).toBe('0120-950-178');
    expect(phoneGroups('072-740-0000')).toEqual(['072', '740', '0000']);
  });
  it('leaves what is not a Japanese number as it is', () => {
    expect(formatPhoneNumber(null)).toBe('');
    expect(formatPhoneNumber('anonymous')).toBe('anonymous');
    expect(formatPhoneNumber('+15551234567')).toBe('+15551234567');
  });
});
