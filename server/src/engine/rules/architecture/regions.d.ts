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
export declare const CLOUD_REGIONS: ReadonlyMap<string, RegionInfo>;
/** The 27 EU member states (ISO 3166-1 alpha-2; Greece is GR, not the EU's own "EL"). */
export declare const EU_COUNTRIES: ReadonlySet<string>;
/** The EEA: the EU plus Iceland, Liechtenstein and Norway. */
export declare const EEA_COUNTRIES: ReadonlySet<string>;
/** Asia-Pacific, for `dataResidency: apac`. */
export declare const APAC_COUNTRIES: ReadonlySet<string>;
export declare const RESIDENCY_AREAS: readonly string[];
/** ISO code from user input: upper case, and the common `UK` / `EL` spellings mapped to `GB` / `GR`. */
export declare function normaliseCountry(country: string): string;
export declare function countryName(country: string): string;
export declare function areaName(area: string): string;
/** Looks a region or zone name up in the table (case-insensitive; zones and Azure display names resolve). */
export declare function lookupRegion(name: string): RegionInfo | undefined;
export declare function isOnPremProvider(provider: string | undefined): boolean;
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
export declare function placeRegion(region: RegionSpec | unknown): PlacedRegion;
/**
 * Whether a country (ISO alpha-2) or an area (a residency value) lies inside a residency area. `global` contains
 * everything; an unknown area contains nothing but itself.
 */
export declare function areaContains(area: string, countryOrArea: string): boolean;
export {};
