// The condition grade's colour bands, shared by the map, the list and the legend. The bands
// follow the grade's meaning (1.0 very good … 5.0 very poor; 3.5 warning value, 4.5 threshold
// value, ZEB-style); text on each colour keeps a contrast of at least 4.5:1.

export const GRADE_BANDS = [
  { band: 1, from: 1.0, fill: '#1a7f45', text: '#ffffff' },
  { band: 2, from: 2.0, fill: '#91cf60', text: '#14210b' },
  { band: 3, from: 3.0, fill: '#fee08b', text: '#2b2205' },
  { band: 4, from: 3.5, fill: '#fc8d59', text: '#2b1205' },
  { band: 5, from: 4.5, fill: '#c62828', text: '#ffffff' },
];

/** The band (1..5) of a grade. */
export function gradeBand(grade) {
  let band = 1;
  for (const b of GRADE_BANDS) {
    if (grade >= b.from) {
      band = b.band;
    }
  }
  return band;
}

export function gradeColour(grade) {
  return GRADE_BANDS[gradeBand(grade) - 1].fill;
}

/** The score's parts in the order the service computes them, with a colour each. */
export const PARTS = [
  { name: 'severity', colour: '#5b3a8e' },
  { name: 'size', colour: '#1f6fb4' },
  { name: 'growth', colour: '#2e8b3e' },
  { name: 'road', colour: '#c25e00' },
  { name: 'sensitive', colour: '#b5176b' },
  { name: 'age', colour: '#6b6b6b' },
];
