/**
 * The Terms and Conditions the first sign-in shows (guide C9). Acceptance is
 * stored per account with this version; a new version asks again.
 */
export const CURRENT_TERMS = {
  version: '2026-01',
  text: [
    'Click-N-Ship Terms and Conditions',
    '',
    'By using Click-N-Ship you agree to pay the postage shown for each label you print, to ship only mailable items,',
    'to describe contents truthfully on customs forms, and to keep your user name, password and passcodes to yourself.',
    'Labels are valid for the mailing date printed on them. Refunds for unused labels follow the published refund policy.',
  ].join('\n'),
} as const;
