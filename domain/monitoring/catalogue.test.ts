import { parseOrThrow } from '../fields';
import { ValidationError } from '../errors';
import { AREA_NAMES, STANDARD_INDICATORS, customIndicatorDefinition, customIndicatorSchema, findStandardIndicator } from './catalogue';
import { DIMENSIONS, MONITORING_AREAS, UNITS } from './types';

const validCustom = {
  key: 'school-social-work-ratio',
  area: 'general-schools',
  name: { de: 'Schüler*innen je Stelle Schulsozialarbeit', en: 'Pupils per school social work post' },
  definition: {
    de: 'Schüler*innen allgemeinbildender Schulen je Vollzeitstelle Schulsozialarbeit.',
    en: 'Pupils of general schools per full-time school social worker.',
  },
  unit: 'ratio',
  decimals: 0,
  source: 'Schulträger, eigene Erhebung',
  breakdowns: ['schoolType'],
  higherIsBetter: false,
};

function fieldErrors(input: unknown) {
  try {
    parseOrThrow(customIndicatorSchema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected the input to be rejected');
}

describe('STANDARD_INDICATORS', () => {
  it('when listed, then there are about twenty with unique keys that would also pass as custom keys', () => {
    expect(STANDARD_INDICATORS.length).toBeGreaterThanOrEqual(18);
    expect(STANDARD_INDICATORS.length).toBeLessThanOrEqual(25);
    const keys = STANDARD_INDICATORS.map((indicator) => indicator.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(fieldErrors({ ...validCustom, key })).toEqual([expect.objectContaining({ field: 'key', code: 'standard_key' })]);
  });

  it('when grouped by area, then every area of the guideline has at least one indicator', () => {
    for (const area of MONITORING_AREAS) expect(STANDARD_INDICATORS.some((indicator) => indicator.area === area)).toBe(true);
  });

  it('when other parts refer to the fixed keys, then those keys exist in their areas', () => {
    expect(findStandardIndicator('u3-childcare-rate')?.area).toBe('early-childhood');
    expect(findStandardIndicator('transition-rate-gymnasium')?.area).toBe('general-schools');
    expect(findStandardIndicator('leavers-without-certificate')?.area).toBe('general-schools');
    expect(findStandardIndicator('apprenticeship-entry-rate')?.area).toBe('vocational-training');
    expect(findStandardIndicator('adult-education-enrolments')?.area).toBe('further-education');
    expect(findStandardIndicator('no-such-indicator')).toBeUndefined();
  });

  it('when read field by field, then each is a complete standard definition', () => {
    for (const indicator of STANDARD_INDICATORS) {
      const { key, name, definition, unit, decimals, source, breakdowns, higherIsBetter, custom, target } = indicator;
      expect([key, name.de, name.en, definition.de, definition.en, source].every((value) => value.trim().length > 0)).toBe(true);
      expect(name.de.length).toBeLessThanOrEqual(200);
      expect(definition.en.length).toBeLessThanOrEqual(2000);
      expect(UNITS).toContain(unit);
      expect(Number.isInteger(decimals) && decimals >= 0 && decimals <= 3).toBe(true);
      expect(breakdowns.every((dimension) => dimension in DIMENSIONS)).toBe(true);
      expect(new Set(breakdowns).size).toBe(breakdowns.length);
      expect([true, false, null]).toContain(higherIsBetter);
      expect(custom).toBe(false);
      expect(target).toBeNull();
      // The same definition must also be valid as input, apart from its reserved key.
      const { custom: _custom, target: _target, ...asInput } = indicator;
      expect(customIndicatorSchema.safeParse({ ...asInput, key: `own-${key}` }).error).toBeUndefined();
    }
  });

  it('when a caller tries to set a target on the shared catalogue, then it throws instead of leaking into other regions', () => {
    const indicator = STANDARD_INDICATORS[0]!;
    expect(() => Object.assign(indicator, { target: { value: 1, period: null } })).toThrow(TypeError);
    expect(() => (indicator.breakdowns as string[]).push('sex')).toThrow(TypeError);
    expect(indicator.target).toBeNull();
  });
});

describe('AREA_NAMES', () => {
  it('when shown, then every area has a German and an English name', () => {
    expect(Object.keys(AREA_NAMES).sort()).toEqual([...MONITORING_AREAS].sort());
    expect(AREA_NAMES['non-formal-learning']).toEqual({ de: 'Non-formale Bildung', en: 'Non-formal learning' });
    for (const area of MONITORING_AREAS) expect(AREA_NAMES[area].de && AREA_NAMES[area].en).toBeTruthy();
  });
});

describe('customIndicatorSchema', () => {
  it('when the input is valid, then it is accepted with trimmed texts and becomes a custom definition without target', () => {
    const parsed = parseOrThrow(customIndicatorSchema, { ...validCustom, source: '  Schulträger  ' });
    expect(parsed.source).toBe('Schulträger');
    expect(customIndicatorDefinition(parsed)).toEqual({ ...validCustom, source: 'Schulträger', custom: true, target: null });
  });

  it('when the key has capitals, spaces or is a single character, then the key field is rejected', () => {
    for (const key of ['U3-Quote', 'u3 quote', 'x', '-leading-dash', 'a'.repeat(61)]) {
      expect(fieldErrors({ ...validCustom, key })).toEqual([expect.objectContaining({ field: 'key', code: 'invalid_format' })]);
    }
  });

  it('when the key is that of a standard indicator, then it is rejected as reserved', () => {
    expect(fieldErrors({ ...validCustom, key: 'u3-childcare-rate' })).toEqual([expect.objectContaining({ field: 'key', code: 'standard_key' })]);
  });

  it('when a breakdown dimension is named twice, then the second occurrence is rejected', () => {
    expect(fieldErrors({ ...validCustom, breakdowns: ['sex', 'nationality', 'sex'] })).toEqual([
      expect.objectContaining({ field: 'breakdowns.2', code: 'duplicate' }),
    ]);
  });

  it('when the area or a dimension is unknown, then each is named by its path', () => {
    expect(fieldErrors({ ...validCustom, area: 'sports', breakdowns: ['age'] })).toEqual([
      expect.objectContaining({ field: 'area', code: 'invalid_value' }),
      expect.objectContaining({ field: 'breakdowns.0', code: 'invalid_value' }),
    ]);
  });

  it('when texts are empty or too long and numbers out of range, then each field is named', () => {
    const errors = fieldErrors({
      ...validCustom,
      name: { de: ' ', en: 'x'.repeat(201) },
      definition: { de: 'x'.repeat(2001), en: 'ok' },
      unit: 'pieces',
      decimals: 4,
      source: '',
      higherIsBetter: 'yes',
    });
    expect(errors.map((error) => [error.field, error.code])).toEqual([
      ['name.de', 'empty'],
      ['name.en', 'too_big'],
      ['definition.de', 'too_big'],
      ['unit', 'invalid_value'],
      ['decimals', 'too_big'],
      ['source', 'empty'],
      ['higherIsBetter', 'invalid_type'],
    ]);
    expect(fieldErrors({ ...validCustom, decimals: 1.5 })).toEqual([expect.objectContaining({ field: 'decimals', code: 'invalid_type' })]);
  });

  it('when a field is missing or an unknown one is sent, then both are reported', () => {
    const { higherIsBetter: _omitted, ...withoutDirection } = validCustom;
    expect(fieldErrors({ ...withoutDirection, custom: true })).toEqual([
      expect.objectContaining({ field: 'higherIsBetter', code: 'required' }),
      expect.objectContaining({ field: 'custom', code: 'unknown_field' }),
    ]);
  });
});
