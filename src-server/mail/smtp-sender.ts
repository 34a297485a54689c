import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError, type EmailMessage, type EmailSender } from './delivery';

/** Email through any SMTP server nodemailer can reach (`smtp://user:pass@host:port`). */
export class SmtpSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async sendEmail(message: EmailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
    } catch (error) {
      throw new DeliveryError('email', error);
    }
  }

  /** Closes pooled connections. */
  close(): void {
    this.transport.close();
  }
}
