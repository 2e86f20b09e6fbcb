import { describe, expect, it } from 'vitest';
import { compactIsbn, isValidIsbn, isValidIsbn10, isValidIsbn13, toIsbn10, toIsbn13 } from '../../src/identifiers/isbn.ts';
import { compactIssn, formatIssn, isValidIssn } from '../../src/identifiers/issn.ts';
import { isbnEntry, systemControlNumber } from '../../src/records/mapping/identifiers.ts';

describe('ISBN', () => {
  it('compacts hyphens, spaces, full-width digits and a lower-case x', () => {
    expect(compactIsbn('978-7-115-16362-2')).toBe('9787115163622');
    expect(compactIsbn('ISBN 0 521 24332 7 (v. 7)')).toBe('0521243327');
    expect(compactIsbn('９７８－７－１１５－１６３６２－２')).toBe('9787115163622');
    expect(compactIsbn('0-8044-2957-x')).toBe('080442957X');
    expect(compactIsbn('平装')).toBeUndefined();
  });

  it('does not glue a following year onto an ISBN-10', () => {
    expect(compactIsbn('0-521-24332-7 1988')).toBe('0521243327');
  });

  it('verifies check digits of both forms', () => {
    expect(isValidIsbn10('0-521-24332-7')).toBe(true);
    expect(isValidIsbn10('0-521-24332-8')).toBe(false);
    expect(isValidIsbn10('0-8044-2957-X')).toBe(true);
    expect(isValidIsbn13('978-4-10-353422-8')).toBe(true);
    expect(isValidIsbn13('978-7-5004-1075-0')).toBe(false);
    expect(isValidIsbn('7-5004-0123-4')).toBe(false);
  });

  it('converts between ISBN-10 and ISBN-13', () => {
    expect(toIsbn13('0-521-24332-7')).toBe('9780521243322');
    expect(toIsbn10('9787115163622')).toBe('7115163626');
    expect(toIsbn10('979-10-90636-07-1')).toBeUndefined();
    expect(toIsbn13('080442957x')).toBe('9780804429573');
  });

  it('builds record entries with qualifier and validity', () => {
    expect(isbnEntry('978-7-115-16362-2（平装）')).toEqual({ original: '978-7-115-16362-2（平装）', isbn13: '9787115163622', valid: true, qualifier: '平装' });
    expect(isbnEntry('0521243327 :', { qualifier: '(pbk.)' })).toEqual({ original: '0521243327', isbn13: '9780521243322', valid: true, qualifier: 'pbk.' });
    expect(isbnEntry('7-115-16362-0', { cancelled: true })).toMatchObject({ valid: false, cancelled: true });
    expect(isbnEntry('CNY49.00')).toBeUndefined();
  });
});

describe('ISSN', () => {
  it('compacts, formats and checks', () => {
    expect(compactIssn('ISSN 0317-8471')).toBe('03178471');
    expect(formatIssn('03178471')).toBe('0317-8471');
    expect(isValidIssn('0317-8471')).toBe(true);
    expect(isValidIssn('0317-8472')).toBe(false);
    expect(isValidIssn('2434-561X')).toBe(true);
    expect(formatIssn('no issn here')).toBeUndefined();
  });
});

describe('system control numbers (035 $a)', () => {
  it("reads the agency in parentheses, OCLC's own prefixes dropped, and a bare number as the sender's", () => {
    expect(systemControlNumber('(OCoLC)ocm02424372')).toEqual({ scheme: 'oclc', value: '02424372' });
    expect(systemControlNumber('(OCoLC)ocn123456789')).toEqual({ scheme: 'oclc', value: '123456789' });
    expect(systemControlNumber('(OCoLC)on1234567890')).toEqual({ scheme: 'oclc', value: '1234567890' });
    expect(systemControlNumber('(OCoLC) 2424372')).toEqual({ scheme: 'oclc', value: '2424372' });
    expect(systemControlNumber('(CaOONL)123')).toEqual({ scheme: 'CaOONL', value: '123' });
    expect(systemControlNumber('SHL-77')).toEqual({ scheme: 'system', value: 'SHL-77' });
  });
});

