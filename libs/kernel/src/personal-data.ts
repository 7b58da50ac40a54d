import type { DomainEvent } from './decider.js';

/**
 * Where personal data sits in an event, and whose it is. Each feature declares the rules of its own
 * events beside them, typed by its union: a path that names no string field of the event's data does
 * not compile, so the rules cannot drift from the events they describe.
 *
 * A path is dot-separated; `name[]` means every element of the array `name`. `subject` names the
 * person from the event itself (a stream's first event); later events take the stream's subject.
 */
export interface PersonalDataRule<D> {
  subject?: (data: D) => string | undefined;
  paths: readonly DataPath<D>[] | ((data: D) => readonly DataPath<D>[]);
}

/** The rules of a feature's events, keyed by the union's types. */
export type PersonalDataRules<E extends DomainEvent> = { readonly [K in E['type']]?: PersonalDataRule<Extract<E, { type: K }>['data']> };

/** A rule as the encrypting store applies it, whatever feature it came from. */
export interface AppliedPersonalDataRule {
  subject?: (data: Record<string, unknown>) => string | undefined;
  paths: readonly string[] | ((data: Record<string, unknown>) => readonly string[]);
}

/** The platform's table: every feature's rules, by event type. */
export type PersonalDataTable = Readonly<Record<string, AppliedPersonalDataRule>>;

/** Every path to a string value in `D` (through objects and arrays), as the rules write them. */
export type DataPath<D> = D extends object ? { [K in keyof D & string]: PathTo<NonNullable<D[K]>, K> }[keyof D & string] : string;

type PathTo<V, K extends string> = V extends string
  ? K
  : V extends readonly (infer U)[]
    ? NonNullable<U> extends string
      ? `${K}[]`
      : `${K}[].${DataPath<NonNullable<U>>}`
    : V extends object
      ? `${K}.${DataPath<V>}`
      : never;

/**
 * A subject id from a field, or undefined. Rules also meet stored events older than today's types
 * (or written by other tools), so a subject is read without trusting the field's shape.
 */
export function subjectIn(value: unknown): string | undefined {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A feature's rules, checked against its union, as an entry of the platform's table. */
export function personalDataOf<E extends DomainEvent>(rules: PersonalDataRules<E>): PersonalDataTable {
  return rules as unknown as PersonalDataTable;
}
