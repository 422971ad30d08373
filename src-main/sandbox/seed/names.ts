/** Word lists for deterministic, realistic-looking demo people. */
export const FIRST_NAMES = [
  'Ada', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noah',
  'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Anton', 'Bea',
  'Carlos', 'Dana', 'Emil', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Julia', 'Karl', 'Lena', 'Marco', 'Nina',
];

export const LAST_NAMES = [
  'Novak', 'Okafor', 'Larsen', 'Moreau', 'Tanaka', 'Silva', 'Kowalski', 'Haddad', 'Fischer', 'Rossi', 'Nguyen', 'Brennan',
  'Jansen', 'Petrov', 'Alvarez', 'Schmidt', 'Dubois', 'Sato', 'Mensah', 'Olsen', 'Costa', 'Weber', 'Ibrahim', 'Klein',
  'Horvat', 'Lindqvist', 'Mwangi', 'Ortiz', 'Quint', 'Reyes', 'Stein', 'Varga', 'Walsh', 'Young', 'Zimmer', 'Baker',
];

export const COMPANIES = [
  { name: 'Acme Robotics', domain: 'acme-robotics.com' },
  { name: 'Globex', domain: 'globex.io' },
  { name: 'Initech', domain: 'initech.net' },
  { name: 'Umbrella Health', domain: 'umbrella-health.org' },
  { name: 'Stark Logistics', domain: 'starklogistics.com' },
  { name: 'Wayne Analytics', domain: 'wayne-analytics.com' },
  { name: 'Hooli', domain: 'hooli.xyz' },
  { name: 'Vandelay Imports', domain: 'vandelay.co' },
  { name: 'Soylent Foods', domain: 'soylent.example' },
  { name: 'Tyrell Systems', domain: 'tyrell.systems' },
  { name: 'Cyberdyne', domain: 'cyberdyne.ai' },
  { name: 'Oscorp Labs', domain: 'oscorp-labs.com' },
];
