import type { RegionSpec } from '../../facts/model';

/**
 * Where cloud regions are, and which data-residency areas a country belongs to. Shared by
 * `architecture/residency-regions`, `architecture/target-declared` and (later) `governance/transfers`.
 *
 * The table maps region names of Google Cloud, AWS, Azure and Oracle Cloud to the ISO 3166-1 alpha-2 code of the
 * country the region's data centres are in, as documented by each provider. A region that is not listed is
 * unknown: rules ask for an explicit `{ name, country }` rather than guess. Zones (`europe-west4-a`,
 * `eu-west-1a`) resolve to their region; Azure display names (`West Europe`) resolve like `westeurope`.
 */

export type CloudProvider = 'gcp' | 'aws' | 'azure' | 'oci';

interface RegionInfo {
  country: string;
  provider: CloudProvider;
}

function table(provider: CloudProvider, entries: Record<string, string>): [string, RegionInfo][] {
  return Object.entries(entries).map(([name, country]) => [name, { country, provider }]);
}

/** https://cloud.google.com/about/locations */
const GCP: Record<string, string> = {
  'africa-south1': 'ZA',
  'asia-east1': 'TW',
  'asia-east2': 'HK',
  'asia-northeast1': 'JP',
  'asia-northeast2': 'JP',
  'asia-northeast3': 'KR',
  'asia-south1': 'IN',
  'asia-south2': 'IN',
  'asia-southeast1': 'SG',
  'asia-southeast2': 'ID',
  'australia-southeast1': 'AU',
  'australia-southeast2': 'AU',
  'europe-central2': 'PL',
  'europe-north1': 'FI',
  'europe-north2': 'SE',
  'europe-southwest1': 'ES',
  'europe-west1': 'BE',
  'europe-west2': 'GB',
  'europe-west3': 'DE',
  'europe-west4': 'NL',
  'europe-west6': 'CH',
  'europe-west8': 'IT',
  'europe-west9': 'FR',
  'europe-west10': 'DE',
  'europe-west12': 'IT',
  'me-central1': 'QA',
  'me-central2': 'SA',
  'me-west1': 'IL',
  'northamerica-northeast1': 'CA',
  'northamerica-northeast2': 'CA',
  'northamerica-south1': 'MX',
  'southamerica-east1': 'BR',
  'southamerica-west1': 'CL',
  'us-central1': 'US',
  'us-east1': 'US',
  'us-east4': 'US',
  'us-east5': 'US',
  'us-south1': 'US',
  'us-west1': 'US',
  'us-west2': 'US',
  'us-west3': 'US',
  'us-west4': 'US',
};

/** https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html */
const AWS: Record<string, string> = {
  'af-south-1': 'ZA',
  'ap-east-1': 'HK',
  'ap-east-2': 'TW',
  'ap-northeast-1': 'JP',
  'ap-northeast-2': 'KR',
  'ap-northeast-3': 'JP',
  'ap-south-1': 'IN',
  'ap-south-2': 'IN',
  'ap-southeast-1': 'SG',
  'ap-southeast-2': 'AU',
  'ap-southeast-3': 'ID',
  'ap-southeast-4': 'AU',
  'ap-southeast-5': 'MY',
  'ap-southeast-6': 'NZ',
  'ap-southeast-7': 'TH',
  'ca-central-1': 'CA',
  'ca-west-1': 'CA',
  'cn-north-1': 'CN',
  'cn-northwest-1': 'CN',
  'eu-central-1': 'DE',
  'eu-central-2': 'CH',
  'eu-north-1': 'SE',
  'eu-south-1': 'IT',
  'eu-south-2': 'ES',
  'eu-west-1': 'IE',
  'eu-west-2': 'GB',
  'eu-west-3': 'FR',
  'eusc-de-east-1': 'DE',
  'il-central-1': 'IL',
  'me-central-1': 'AE',
  'me-south-1': 'BH',
  'mx-central-1': 'MX',
  'sa-east-1': 'BR',
  'us-east-1': 'US',
  'us-east-2': 'US',
  'us-gov-east-1': 'US',
  'us-gov-west-1': 'US',
  'us-west-1': 'US',
  'us-west-2': 'US',
};

/** https://learn.microsoft.com/azure/reliability/regions-list (programmatic names). */
const AZURE: Record<string, string> = {
  australiacentral: 'AU',
  australiacentral2: 'AU',
  australiaeast: 'AU',
  australiasoutheast: 'AU',
  brazilsouth: 'BR',
  brazilsoutheast: 'BR',
  canadacentral: 'CA',
  canadaeast: 'CA',
  centralindia: 'IN',
  centralus: 'US',
  chilecentral: 'CL',
  chinaeast: 'CN',
  chinaeast2: 'CN',
  chinaeast3: 'CN',
  chinanorth: 'CN',
  chinanorth2: 'CN',
  chinanorth3: 'CN',
  eastasia: 'HK',
  eastus: 'US',
  eastus2: 'US',
  francecentral: 'FR',
  francesouth: 'FR',
  germanynorth: 'DE',
  germanywestcentral: 'DE',
  indonesiacentral: 'ID',
  israelcentral: 'IL',
  italynorth: 'IT',
  japaneast: 'JP',
  japanwest: 'JP',
  jioindiacentral: 'IN',
  jioindiawest: 'IN',
  koreacentral: 'KR',
  koreasouth: 'KR',
  malaysiawest: 'MY',
  mexicocentral: 'MX',
  newzealandnorth: 'NZ',
  northcentralus: 'US',
  northeurope: 'IE',
  norwayeast: 'NO',
  norwaywest: 'NO',
  polandcentral: 'PL',
  qatarcentral: 'QA',
  southafricanorth: 'ZA',
  southafricawest: 'ZA',
  southcentralus: 'US',
  southeastasia: 'SG',
  southindia: 'IN',
  spaincentral: 'ES',
  swedencentral: 'SE',
  swedensouth: 'SE',
  switzerlandnorth: 'CH',
  switzerlandwest: 'CH',
  uaecentral: 'AE',
  uaenorth: 'AE',
  uksouth: 'GB',
  ukwest: 'GB',
  westcentralus: 'US',
  westeurope: 'NL',
  westindia: 'IN',
  westus: 'US',
  westus2: 'US',
  westus3: 'US',
};

/** https://docs.oracle.com/iaas/Content/General/Concepts/regions.htm */
const OCI: Record<string, string> = {
  'ap-chuncheon-1': 'KR',
  'ap-hyderabad-1': 'IN',
  'ap-melbourne-1': 'AU',
  'ap-mumbai-1': 'IN',
  'ap-osaka-1': 'JP',
  'ap-seoul-1': 'KR',
  'ap-singapore-1': 'SG',
  'ap-sydney-1': 'AU',
  'ap-tokyo-1': 'JP',
  'ca-montreal-1': 'CA',
  'ca-toronto-1': 'CA',
  'eu-amsterdam-1': 'NL',
  'eu-frankfurt-1': 'DE',
  'eu-madrid-1': 'ES',
  'eu-marseille-1': 'FR',
  'eu-milan-1': 'IT',
  'eu-paris-1': 'FR',
  'eu-stockholm-1': 'SE',
  'eu-zurich-1': 'CH',
  'sa-saopaulo-1': 'BR',
  'sa-vinhedo-1': 'BR',
  'uk-cardiff-1': 'GB',
  'uk-london-1': 'GB',
  'us-ashburn-1': 'US',
  'us-chicago-1': 'US',
  'us-phoenix-1': 'US',
  'us-sanjose-1': 'US',
};

export const CLOUD_REGIONS: ReadonlyMap<string, RegionInfo> = new Map([
  ...table('gcp', GCP),
  ...table('aws', AWS),
  ...table('azure', AZURE),
  ...table('oci', OCI),
]);

/** The 27 EU member states (ISO 3166-1 alpha-2; Greece is GR, not the EU's own "EL"). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** The EEA: the EU plus Iceland, Liechtenstein and Norway. */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([...EU_COUNTRIES, 'IS', 'LI', 'NO']);

/** Asia-Pacific, for `dataResidency: apac`. */
export const APAC_COUNTRIES: ReadonlySet<string> = new Set([
  'AU', 'BD', 'CN', 'HK', 'ID', 'IN', 'JP', 'KH', 'KR', 'LK', 'MO', 'MY', 'NZ', 'PH', 'PK', 'SG', 'TH', 'TW', 'VN',
]);

/** Residency areas (the values of `architecture.dataResidency`) and the countries inside each; `global` has none. */
const AREAS: Readonly<Record<string, ReadonlySet<string>>> = {
  eu: EU_COUNTRIES,
  eea: EEA_COUNTRIES,
  uk: new Set(['GB']),
  ch: new Set(['CH']),
  us: new Set(['US']),
  ca: new Set(['CA']),
  br: new Set(['BR']),
  jp: new Set(['JP']),
  kr: new Set(['KR']),
  in: new Set(['IN']),
  sg: new Set(['SG']),
  au: new Set(['AU']),
  apac: APAC_COUNTRIES,
};

export const RESIDENCY_AREAS: readonly string[] = [...Object.keys(AREAS), 'global'];

const AREA_NAMES: Readonly<Record<string, string>> = {
  eu: 'the EU',
  eea: 'the EEA',
  uk: 'the United Kingdom',
  ch: 'Switzerland',
  us: 'the United States',
  ca: 'Canada',
  br: 'Brazil',
  jp: 'Japan',
  kr: 'South Korea',
  in: 'India',
  sg: 'Singapore',
  au: 'Australia',
  apac: 'Asia-Pacific',
  global: 'anywhere',
};

const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  AE: 'the United Arab Emirates', AT: 'Austria', AU: 'Australia', BD: 'Bangladesh', BE: 'Belgium', BG: 'Bulgaria',
  BH: 'Bahrain', BR: 'Brazil', CA: 'Canada', CH: 'Switzerland', CL: 'Chile', CN: 'China', CY: 'Cyprus',
  CZ: 'Czechia', DE: 'Germany', DK: 'Denmark', EE: 'Estonia', ES: 'Spain', FI: 'Finland', FR: 'France',
  GB: 'the United Kingdom', GR: 'Greece', HK: 'Hong Kong', HR: 'Croatia', HU: 'Hungary', ID: 'Indonesia',
  IE: 'Ireland', IL: 'Israel', IN: 'India', IS: 'Iceland', IT: 'Italy', JP: 'Japan', KR: 'South Korea',
  LI: 'Liechtenstein', LT: 'Lithuania', LU: 'Luxembourg', LV: 'Latvia', MT: 'Malta', MX: 'Mexico', MY: 'Malaysia',
  NL: 'the Netherlands', NO: 'Norway', NZ: 'New Zealand', PL: 'Poland', PT: 'Portugal', QA: 'Qatar', RO: 'Romania',
  SA: 'Saudi Arabia', SE: 'Sweden', SG: 'Singapore', SI: 'Slovenia', SK: 'Slovakia', TH: 'Thailand', TW: 'Taiwan',
  US: 'the United States', ZA: 'South Africa',
};

/** ISO code from user input: upper case, and the common `UK` / `EL` spellings mapped to `GB` / `GR`. */
export function normaliseCountry(country: string): string {
  const c = country.trim().toUpperCase();
  return c === 'UK' ? 'GB' : c === 'EL' ? 'GR' : c;
}

export function countryName(country: string): string {
  return COUNTRY_NAMES[country] ?? country;
}

export function areaName(area: string): string {
  return AREA_NAMES[area] ?? area;
}

/** Looks a region or zone name up in the table (case-insensitive; zones and Azure display names resolve). */
export function lookupRegion(name: string): RegionInfo | undefined {
  const n = name.trim().toLowerCase();
  const candidates = [
    n,
    n.replace(/\s+/g, ''), // Azure display name: "West Europe"
    n.replace(/-[a-z]$/, ''), // GCP zone: europe-west4-a
    n.replace(/(\d)[a-z]$/, '$1'), // AWS availability zone: eu-west-1a
  ];
  for (const c of candidates) {
    const hit = CLOUD_REGIONS.get(c);
    if (hit) return hit;
  }
  return undefined;
}

const ON_PREM_PROVIDERS = new Set(['on-prem', 'onprem', 'on-premises', 'datacenter', 'data-center', 'colo', 'colocation', 'self-hosted', 'private']);

export function isOnPremProvider(provider: string | undefined): boolean {
  return typeof provider === 'string' && ON_PREM_PROVIDERS.has(provider.toLowerCase());
}

export interface PlacedRegion {
  /** The region's name (the string, or the object's `name`). */
  name?: string;
  /** ISO country code: the object's explicit `country` wins over the table. */
  country?: string;
  /** Where the country came from. */
  source?: 'country' | 'table';
  /** Cloud provider from the table, or the object's `provider`. */
  provider?: string;
  /** Whether the site is cloud, on-prem, or cannot be told. */
  kind: 'cloud' | 'on-prem' | 'unknown';
}

/** Places one entry of `architecture.regions`: a cloud region name, or `{ name, country, provider }`. */
export function placeRegion(region: RegionSpec | unknown): PlacedRegion {
  if (typeof region === 'string') {
    const hit = lookupRegion(region);
    return hit ? { name: region, country: hit.country, source: 'table', provider: hit.provider, kind: 'cloud' } : { name: region, kind: 'unknown' };
  }
  if (!region || typeof region !== 'object') return { kind: 'unknown' };
  const r = region as { name?: unknown; country?: unknown; provider?: unknown };
  const name = typeof r.name === 'string' ? r.name : undefined;
  const hit = name ? lookupRegion(name) : undefined;
  const provider = typeof r.provider === 'string' ? r.provider : hit?.provider;
  const explicit = typeof r.country === 'string' && r.country.trim() ? normaliseCountry(r.country) : undefined;
  const kind = provider ? (isOnPremProvider(provider) ? 'on-prem' : 'cloud') : hit ? 'cloud' : 'unknown';
  if (explicit) return { name, country: explicit, source: 'country', provider, kind };
  if (hit) return { name, country: hit.country, source: 'table', provider, kind };
  return { name, provider, kind };
}

/**
 * Whether a country (ISO alpha-2) or an area (a residency value) lies inside a residency area. `global` contains
 * everything; an unknown area contains nothing but itself.
 */
export function areaContains(area: string, countryOrArea: string): boolean {
  const a = area.toLowerCase();
  if (a === 'global') return true;
  const members = AREAS[a];
  if (!members) return countryOrArea.toLowerCase() === a;
  const other = AREAS[countryOrArea.toLowerCase()];
  if (other && countryOrArea !== countryOrArea.toUpperCase()) {
    if (countryOrArea.toLowerCase() === a) return true;
    return [...other].every((c) => members.has(c));
  }
  return members.has(normaliseCountry(countryOrArea));
}
