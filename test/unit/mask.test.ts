import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from '../../src-shared/mask';

describe('masking for display', () => {
  it('keeps only the first letter and the domain of an email', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });
  it('keeps only the last four digits of a phone', () => {
    expect(maskPhone('+12025550123')).toBe('(***) ***-0123');
  });
});
