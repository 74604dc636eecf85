import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliverySettings, readDeliveryChoices } from '../../../../src/extension/alerts/deliveryConfig';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

describe('delivery settings in VS Code', () => {
  it('nothing set: no channel', () => {
    const { choices, problems } = readDeliveryChoices(reader({}));
    assert.deepEqual(problems, []);
    assert.deepEqual(deliverySettings(choices, undefined, undefined), { settings: {} });
  });

  it('a webhook and e-mail with the password from secret storage and the CA file’s text', () => {
    const { choices } = readDeliveryChoices(
      reader({
        'lanLens.alerts.delivery.webhook.url': ' https://hooks.lab/alerts ',
        'lanLens.alerts.delivery.email.host': 'mail.lab',
        'lanLens.alerts.delivery.email.user': 'lanlens',
        'lanLens.alerts.delivery.email.from': 'lanlens@lab.invalid',
        'lanLens.alerts.delivery.email.to': ['admin@lab.invalid'],
        'lanLens.alerts.delivery.email.caFile': '/etc/lab-ca.pem',
      }),
    );
    assert.equal(choices.email?.caFile, '/etc/lab-ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    assert.deepEqual(deliverySettings(choices, 'secret', pem), {
      settings: {
        webhook: { url: 'https://hooks.lab/alerts', minimumSeverity: 'medium' },
        email: {
          host: 'mail.lab',
          port: 587,
          security: 'starttls',
          user: 'lanlens',
          password: 'secret',
          from: 'lanlens@lab.invalid',
          to: ['admin@lab.invalid'],
          minimumSeverity: 'high',
          ca: pem,
        },
      },
    });
  });

  it('a missing sender is named by its setting', () => {
    const { choices } = readDeliveryChoices(
      reader({ 'lanLens.alerts.delivery.email.host': 'mail.lab', 'lanLens.alerts.delivery.email.to': ['a@b.c'] }),
    );
    const checked = deliverySettings(choices, undefined, undefined);
    assert.ok('error' in checked);
    assert.match(checked.error, /^lanLens\.alerts\.delivery\.email: from must be an e-mail address/);
  });
});
