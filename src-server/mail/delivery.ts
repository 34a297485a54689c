/**
 * Where messages go. The server never cares whether a message leaves by SMTP,
 * an SMS gateway or the dev outbox; it only asks a sender to deliver it.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** A text message to an E.164 number. */
export interface SmsMessage {
  to: string;
  text: string;
}

/** Delivers email; rejects with {@link DeliveryError} when the transport fails. */
export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<void>;
}

/** Delivers SMS; rejects with {@link DeliveryError} when the gateway fails. */
export interface SmsSender {
  sendSms(message: SmsMessage): Promise<void>;
}

/** A transport failure the client may retry later; the flow stays intact. */
export class DeliveryError extends Error {
  constructor(
    readonly channel: 'email' | 'sms',
    cause: unknown,
    /** `true` when the transport said no; `false` when a message may still have left (a timeout). */
    readonly certainlyNotSent = true,
  ) {
    super(`The ${channel === 'email' ? 'email' : 'text message'} could not be sent.`, { cause });
    this.name = 'DeliveryError';
  }
}
