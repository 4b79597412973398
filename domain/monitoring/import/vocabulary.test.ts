import { IMPORT_CATALOGUE } from '../../../test/fixtures/imports/catalogue';
import { findIndicator, findIndicatorInHeader, headerRole, readCategories, readCategoryCell, withoutIndicatorName, words } from './vocabulary';

describe('words', () => {
  it('when a text has umlauts, ß, accents and punctuation, then lower-case words with ae/oe/ue/ss', () => {
    expect(words('Männl. Schüler/-innen, Größe – Café')).toEqual(['maennl', 'schueler', 'innen', 'groesse', 'cafe']);
  });
});

describe('readCategories', () => {
  it.each([
    ['insgesamt', {}, true],
    ['Schüler insgesamt', {}, true],
    ['männlich', { sex: 'male' }, false],
    ['Maennlich', { sex: 'male' }, false],
    ['Mädchen', { sex: 'female' }, false],
    ['female', { sex: 'female' }, false],
    ['w', { sex: 'female' }, false],
    ['divers', { sex: 'diverse' }, false],
    ['Deutsche', { nationality: 'german' }, false],
    ['Ausländer weiblich', { nationality: 'foreign', sex: 'female' }, false],
    ['nicht deutsch', { nationality: 'foreign' }, false],
    ['Nichtdeutsche', { nationality: 'foreign' }, false],
    ['ohne deutsche Staatsangehörigkeit', { nationality: 'foreign' }, false],
    ['Mittelschulen', { schoolType: 'hauptschule' }, false],
    ['Werkrealschule', { schoolType: 'hauptschule' }, false],
    ['Realschulen', { schoolType: 'realschule' }, false],
    ['Gemeinschaftsschule', { schoolType: 'gesamtschule' }, false],
    ['Förderschulen', { schoolType: 'foerderschule' }, false],
    ['Berufliche Schulen', { schoolType: 'berufliche-schule' }, false],
    ['Gymnasien weiblich', { schoolType: 'gymnasium', sex: 'female' }, false],
    ['Jungen und Mädchen', {}, false],
    ['Kinder unter 3 Jahren', {}, false],
  ])('when %p, then %p (total word: %p)', (text, breakdown, total) => {
    const reading = readCategories(text);
    expect(reading.breakdown).toEqual(breakdown);
    expect(reading.total).toBe(total);
  });
});

describe('readCategoryCell', () => {
  it('when a cell names a category of the dimension, the total, something else or nothing, then the category, total or null', () => {
    expect(readCategoryCell('weiblich', 'sex')).toBe('female');
    expect(readCategoryCell('m', 'sex')).toBe('male');
    expect(readCategoryCell('Insgesamt', 'sex')).toBe('total');
    expect(readCategoryCell('ausländisch', 'nationality')).toBe('foreign');
    expect(readCategoryCell('mit deutscher Staatsangehörigkeit', 'nationality')).toBe('german');
    expect(readCategoryCell('weiblich', 'nationality')).toBeNull();
    expect(readCategoryCell('gemischt', 'sex')).toBeNull();
    expect(readCategoryCell('weibliche Lehrkräfte', 'sex')).toBeNull();
    expect(readCategoryCell('', 'sex')).toBeNull();
  });
});

describe('headerRole', () => {
  it.each([
    ['Jahr', 'period'],
    ['Schuljahr', 'period'],
    ['School year', 'period'],
    ['Stichtag (31.12.)', 'period'],
    ['Kreis', 'area'],
    ['Kreisfreie Stadt / Landkreis', 'area'],
    ['Gebiet', 'area'],
    ['AGS', 'code'],
    ['Regionalschlüssel', 'code'],
    ['Indikator', 'indicator'],
    ['Fallzahl', 'caseCount'],
    ['Anzahl Fälle', 'caseCount'],
    ['Geschlecht', 'sex'],
    ['Staatsangehörigkeit', 'nationality'],
    ['Schulart', 'schoolType'],
  ])('when %p, then %p', (header, role) => {
    expect(headerRole(header)).toBe(role);
  });

  it.each(['insgesamt', 'Anzahl', 'Wert', 'Jahrgangsstufe', 'Kinder unter 3 Jahren', ''])('when %p, then none', (header) => {
    expect(headerRole(header)).toBeNull();
  });
});

describe('indicators by name', () => {
  it('when a cell holds a key or a German or English name in any case, then that indicator', () => {
    expect(findIndicator('u3-childcare-rate', IMPORT_CATALOGUE)?.key).toBe('u3-childcare-rate');
    expect(findIndicator('BETREUUNGSQUOTE der unter 3-Jährigen', IMPORT_CATALOGUE)?.key).toBe('u3-childcare-rate');
    expect(findIndicator('Adult education enrolments', IMPORT_CATALOGUE)?.key).toBe('adult-education-enrolments');
    expect(findIndicator('Quote XY', IMPORT_CATALOGUE)).toBeUndefined();
    expect(findIndicator('', IMPORT_CATALOGUE)).toBeUndefined();
  });

  it('when a heading holds an indicator name and more, then the indicator and the rest', () => {
    const found = findIndicatorInHeader('Anteil der ausländischen Bevölkerung weiblich', IMPORT_CATALOGUE);
    expect(found?.indicator.key).toBe('foreign-nationals-share');
    expect(found?.rest).toBe('weiblich');
    expect(findIndicatorInHeader('insgesamt', IMPORT_CATALOGUE)).toBeNull();
  });

  it("when the indicator's name holds a category word, then taking the name out leaves it out", () => {
    const share = IMPORT_CATALOGUE.find((indicator) => indicator.key === 'foreign-nationals-share')!;
    expect(readCategories('Anteil der ausländischen Bevölkerung').breakdown).toEqual({ nationality: 'foreign' });
    expect(readCategories(withoutIndicatorName('Anteil der ausländischen Bevölkerung', share)).breakdown).toEqual({});
  });
});
