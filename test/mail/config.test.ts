// Pure: the mail settings of the configuration.
import { ConfigError, loadConfig } from '../../config';

const base = { PORT: '0' };
const failure = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    return error instanceof ConfigError ? error.variable : error;
  }
  return 'no error';
};

describe('mail configuration', () => {
  it('when nothing is set, then e-mail is off with the default sender and poll interval', () => {
    expect(loadConfig(base).mail).toEqual({ smtp: undefined, from: 'Bildungsbüro <no-reply@localhost>', pollMs: 5000 });
  });

  it('when SMTP is configured, then host, port, TLS and login are taken', () => {
    const config = loadConfig({
      ...base,
      SMTP_HOST: 'mail.example',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'buero@example.org',
    });
    expect(config.mail).toEqual({
      smtp: { host: 'mail.example', port: 465, secure: true, auth: { user: 'u', pass: 'p' } },
      from: 'buero@example.org',
      pollMs: 5000,
    });
    expect(loadConfig({ ...base, SMTP_HOST: 'mail.example' }).mail.smtp).toEqual({ host: 'mail.example', port: 587, secure: false });
  });

  it('when a value is wrong, then the error names the variable', () => {
    expect(failure({ SMTP_PORT: 'smtp' })).toBe('SMTP_PORT');
    expect(failure({ SMTP_SECURE: 'maybe' })).toBe('SMTP_SECURE');
    expect(failure({ SMTP_HOST: 'mail.example/x' })).toBe('SMTP_HOST');
    expect(failure({ MAIL_FROM: 'Bildungsbüro' })).toBe('MAIL_FROM');
    expect(failure({ MAIL_POLL_MS: '0' })).toBe('MAIL_POLL_MS');
    expect(failure({ SMTP_HOST: 'mail.example', SMTP_USER: 'u' })).toBe('SMTP_PASSWORD');
    expect(failure({ SMTP_HOST: 'mail.example', SMTP_PASSWORD: 'p' })).toBe('SMTP_USER');
  });
});
