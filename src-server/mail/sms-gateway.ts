import { DeliveryError, type SmsMessage, type SmsSender } from './delivery';

/** Where and as whom texts are sent. */
export interface SmsGatewayConfig {
  /** Base URL of a Twilio-compatible API, e.g. `https://api.twilio.com`. */
  url: string;
  accountSid: string;
  authToken: string;
  /** The sender number or messaging service id. */
  from: string;
  timeoutMs?: number;
}

/**
 * SMS through a Twilio-style HTTP gateway: `POST {url}/2010-04-01/Accounts/{sid}/Messages.json`
 * with a form body (To, From, Body) and HTTP Basic auth. Any non-2xx answer
 * or network failure is a {@link DeliveryError}; the gateway's answer body is
 * never logged (it echoes the number and text).
 */
export class SmsGatewaySender implements SmsSender {
  constructor(private readonly config: SmsGatewayConfig) {}

  async sendSms(message: SmsMessage): Promise<void> {
    const { url, accountSid, authToken, from, timeoutMs = 10_000 } = this.config;
    const endpoint = `${url.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.text }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      // Refused connections sent nothing; a timeout may have sent the text (so it stays counted).
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryError('sms', error, code === 'ECONNREFUSED' || code === 'ENOTFOUND');
    }
    if (!response.ok) throw new DeliveryError('sms', new Error(`SMS gateway answered ${response.status}`));
  }
}
