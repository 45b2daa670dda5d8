import { insertAtPath, replaceValue } from '../../fix/edits';
import { ALL_PROFILES, defineRule } from '../define';
import { relatedAt } from '../scaling/support';

export default defineRule({
  meta: {
    id: 'integration/tls',
    area: 'integration',
    severity: 'error',
    description: 'A public endpoint is served over TLS (at the server, the Ingress or the Gateway).',
    rationale:
      'GDPR Art. 32(1)(a) names encryption of personal data as a security measure; prompts and answers routinely carry it. Without TLS, prompts, outputs and the API keys or bearer tokens that authenticate clients cross the internet in clear text (OWASP API Security Top 10 2023, API8 "Security Misconfiguration").',
    formats: ['modeldeployment'],
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, report }) {
    const serving = unit.spec.serving;
    if (serving?.exposure !== 'public' || serving.tls === true) return;
    if (serving.tls === false) {
      const mtls = serving.auth === 'mtls';
      report({
        at: 'serving.tls',
        message: mtls
          ? '`serving.tls` is false but `serving.auth` is mtls: mutual TLS is TLS, so one of the two is wrong. A public endpoint needs TLS; set `tls: true`.'
          : '`serving.exposure` is public and `serving.tls` is false: prompts, answers and the credentials of clients cross the internet in clear text. Terminate TLS at the server, the Ingress or the Gateway.',
        related: [mtls ? relatedAt(unit, 'serving.auth', 'mutual TLS') : relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
        fixes: [
          { title: 'Serve over TLS', edits: replaceValue(unit.doc, ['serving', 'tls'], 'true') },
          { title: 'Make the endpoint internal', edits: replaceValue(unit.doc, ['serving', 'exposure'], 'internal') },
        ],
      });
      return;
    }
    if (serving.auth === 'mtls') return; // mutual TLS implies TLS
    report({
      at: 'serving.tls',
      message: '`serving.exposure` is public but `serving.tls` is not stated: a public model endpoint must be served over TLS, or prompts, answers and client credentials cross the internet in clear text. State `tls: true` once TLS is terminated at the server, the Ingress or the Gateway.',
      related: [relatedAt(unit, 'serving.exposure', 'the endpoint is public')],
      fixes: [{ title: 'State that the endpoint uses TLS', edits: insertAtPath(unit.doc, ['serving', 'tls'], 'true'), isPreferred: true }],
    });
  },
});
