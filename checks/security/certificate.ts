/**
 * security.certificate (N-02): the certificate a browser would be shown is trusted: a complete
 * chain to a known root, the host name covered, not self-signed, not expired, and not close to
 * expiry (warn threshold `warnDays`, default 30, an option because no national rule sets it),
 * negotiated over TLS 1.2 or newer.
 */
import type { Check, CheckContext, CheckMeta, Finding, Text } from '../../model/finding.ts';
import { finding } from '../util.ts';
import { siteTls } from './common.ts';

const meta: CheckMeta = {
  id: 'security.certificate',
  ref: 'N-02',
  family: 'security',
  title: { zh: 'HTTPS证书有效', en: 'Valid TLS certificate' },
  description: {
    zh: '证书链完整可信、域名匹配、非自签名、未过期且不临近过期。',
    en: 'Certificate chain trusted, host name covered, not self-signed, not expired nor about to expire.',
  },
  severity: 'advise',
  needs: ['tls'],
  defaults: { warnDays: 30 },
};

function evaluate(ctx: CheckContext): Finding[] {
  const t = siteTls(ctx);
  if (!t) return [finding(meta, 'cannot_assess', { zh: '未记录TLS检测结果', en: 'No TLS observation was recorded' })];
  if (!t.offered) return [finding(meta, 'not_applicable', { zh: '网站未提供HTTPS（见 security.https）', en: 'HTTPS is not offered (see security.https)' }, { evidence: [{ url: t.url, failureClass: t.failure?.class }] })];
  const warnDays = Number(ctx.options.warnDays ?? 30);
  const problems: Array<{ code: string; text: Text }> = [];
  const days = t.daysToExpiry;
  const err = t.authorizationError ?? '';
  if ((days !== undefined && days < 0) || err === 'CERT_HAS_EXPIRED') problems.push({ code: 'expired', text: { zh: `证书已过期（${t.validTo?.slice(0, 10) ?? ''}）`, en: `certificate expired (${t.validTo?.slice(0, 10) ?? ''})` } });
  if (err === 'CERT_NOT_YET_VALID') problems.push({ code: 'not_yet_valid', text: { zh: '证书尚未生效', en: 'certificate not yet valid' } });
  // TLS 1.0/1.1 were retired by RFC 8996 (2021) and every current browser refuses them.
  if (t.protocol && /^(SSLv[23]|TLSv1(\.1)?)$/.test(t.protocol)) problems.push({ code: 'old_protocol', text: { zh: `仅支持已淘汰的 ${t.protocol} 协议`, en: `only the retired ${t.protocol} protocol is offered` } });
  if (t.selfSigned) problems.push({ code: 'self_signed', text: { zh: '证书为自签名证书', en: 'self-signed certificate' } });
  if (t.hostnameMatch === false) problems.push({ code: 'hostname_mismatch', text: { zh: `证书不包含域名 ${t.host}`, en: `certificate does not cover ${t.host}` } });
  if (t.authorized === false && !['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID'].includes(err) && !t.selfSigned) {
    problems.push({ code: 'untrusted_chain', text: { zh: `证书链不完整或不受信任（${err || '未知原因'}）`, en: `incomplete or untrusted chain (${err || 'unknown'})` } });
  }
  const evidence = [
    {
      url: t.url,
      text: [t.subject, t.issuer && `issuer ${t.issuer}`, t.validTo && `valid to ${t.validTo}`].filter(Boolean).join('; '),
      date: t.validTo?.slice(0, 10),
      data: { authorized: t.authorized, authorizationError: t.authorizationError, protocol: t.protocol, subjectAltNames: t.subjectAltNames?.slice(0, 20), daysToExpiry: days, hostnameMatch: t.hostnameMatch, selfSigned: t.selfSigned, problems: problems.map((p) => p.code) },
    },
  ];
  if (problems.length) {
    return [
      finding(meta, 'fail', { zh: `HTTPS证书无效：${problems.map((p) => p.text.zh).join('；')}`, en: `Invalid certificate: ${problems.map((p) => p.text.en).join('; ')}` }, {
        evidence,
        measure: days,
        fix: { zh: '向受信任的证书机构申请覆盖本域名的证书，配置完整证书链，并在到期前续期', en: 'Install a certificate from a trusted CA covering this host name, serve the full chain, and renew it before expiry' },
      }),
    ];
  }
  if (days !== undefined && days <= warnDays) {
    return [finding(meta, 'warn', { zh: `证书将在${days}天后过期`, en: `Certificate expires in ${days} days` }, { evidence, measure: days, fix: { zh: '尽快续期证书', en: 'Renew the certificate now' } })];
  }
  return [finding(meta, 'pass', { zh: `证书有效，剩余${days ?? '?'}天`, en: `Certificate valid, ${days ?? '?'} days left` }, { evidence, measure: days })];
}

export const check: Check = { ...meta, evaluate };
