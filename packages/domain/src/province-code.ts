/**
 * Province-level codes of GB/T 2260 (the first two digits of every administrative division code, ID number and
 * grid code): 11–15 north, 21–23 north-east, 31–37 east, 41–46 centre-south, 50–54 south-west, 61–65 north-west,
 * 71 Taiwan, 81 Hong Kong, 82 Macao.
 */
export const provinceCodes: readonly string[] = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
];

/** True when `code` is a two-digit GB/T 2260 province code. */
export function isProvinceCode(code: string): boolean {
  return provinceCodes.includes(code);
}
