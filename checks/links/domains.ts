/**
 * Domain facts shared by links.* and identity.domain (S-01, S-11): government suffixes and raw
 * IP hosts, through tldts (public suffix list: `gov.cn` is a public suffix) and ipaddr.js.
 */
import { parse as parseDomain } from 'tldts';
import ipaddr from 'ipaddr.js';

/** `.gov.cn` and the Chinese government TLD `.政务` (punycode xn--zfr164b), as 47号 allows. */
export const GOV_SUFFIXES = ['gov.cn', '政务', 'xn--zfr164b'];

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

export function isRawIp(host: string): boolean {
  // Called for every link of every page: a host with any letter beyond hex digits is a name,
  // and ruling that out first skips ipaddr's parser (a fifth of scoring time on large sites).
  if (!/^[\d.:a-fA-F[\]]+$/.test(host)) return false;
  return ipaddr.isValid(host) && (ipaddr.IPv4.isValidFourPartDecimal(host) || host.includes(':'));
}

/** ipaddr.js range name: private, loopback, unicast (public) … */
export function ipRange(host: string): string {
  try {
    return ipaddr.parse(host).range();
  } catch {
    return 'unknown';
  }
}

export function isGovHost(host: string, suffixes: string[] = GOV_SUFFIXES): boolean {
  const p = parseDomain(host);
  const ps = (p.publicSuffix ?? '').toLowerCase();
  return suffixes.some((s) => ps === s || ps.endsWith(`.${s}`) || host === s || host.endsWith(`.${s}`));
}

/** Registrable domain (e.g. fuzhou.gov.cn, people.com.cn), or the host itself when there is none. */
export function registrableDomain(host: string): string {
  return parseDomain(host).domain ?? host;
}
