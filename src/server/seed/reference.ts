/**
 * Reference data for the dataset generator: real cities with their regions, postal code ranges and telephone area codes,
 * common first and last names (frequent first), industries, job titles and small vocabularies. Faker supplies the long
 * tails (surnames, street names) in `pools.ts`; what it lacks or gets wrong for a CRM (British and French first names,
 * company names, job titles) lives here.
 */

export type CountryCode = 'GB' | 'IE' | 'US' | 'DE' | 'FR' | 'ES' | 'NL';
export type SalesTeam = 'North' | 'South' | 'Enterprise';

/**
 * Phone templates: digits are literal, `d` is any digit, `n` is 2-9, spaces are ignored. They describe the national
 * significant number (no trunk 0); every generated number is still checked with libphonenumber before use.
 */
export interface City {
  name: string;
  region: string;
  weight: number;
  /** GB cities are split between the North and South sales teams; other countries use their country's team. */
  team?: SalesTeam;
  /** GB: outward codes, IE: Eircode routing keys; elsewhere an inclusive numeric range. */
  postal: readonly string[] | readonly [number, number];
  landline: readonly string[];
}

export interface Country {
  code: CountryCode;
  weight: number;
  language: string;
  currency: string;
  team: SalesTeam;
  tlds: readonly (readonly [string, number])[];
  legal: readonly (readonly [string, number])[];
  /** Mobile templates; empty for the US, where mobiles and landlines share area codes. */
  mobile: readonly string[];
  providers: readonly (readonly [string, number])[];
  cities: readonly City[];
}

const range = (lo: number, hi: number): readonly [number, number] => [lo, hi];

/** A comma-separated list (keeps long vocabularies compact; the formatter would put every item on its own line). */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'GB',
    weight: 50,
    language: 'en',
    currency: 'GBP',
    team: 'North',
    tlds: [
      ['co.uk', 70],
      ['com', 25],
      ['uk', 5],
    ],
    legal: [
      ['Ltd', 60],
      ['Limited', 8],
      ['PLC', 4],
      ['LLP', 4],
      ['', 24],
    ],
    mobile: ['73dd dddddd', '74dd dddddd', '75dd dddddd', '77dd dddddd', '78dd dddddd', '79dd dddddd'],
    providers: [
      ['gmail.com', 35],
      ['hotmail.co.uk', 14],
      ['outlook.com', 12],
      ['icloud.com', 10],
      ['yahoo.co.uk', 8],
      ['btinternet.com', 8],
      ['sky.com', 5],
      ['live.co.uk', 4],
    ],
    cities: [
      {
        name: 'London',
        region: 'Greater London',
        weight: 30,
        team: 'South',
        postal: [
          'EC1V',
          'EC2A',
          'EC3M',
          'WC1X',
          'WC2H',
          'W1T',
          'W1F',
          'SW1P',
          'SE1',
          'E1',
          'E14',
          'N1',
          'NW1',
          'SW11',
          'W6',
        ],
        landline: ['20 7ddd dddd', '20 3ddd dddd', '20 8ddd dddd'],
      },
      {
        name: 'Manchester',
        region: 'Greater Manchester',
        weight: 8,
        team: 'North',
        postal: ['M1', 'M2', 'M3', 'M4', 'M15', 'M20', 'M50'],
        landline: ['161 ndd dddd'],
      },
      {
        name: 'Birmingham',
        region: 'West Midlands',
        weight: 7,
        team: 'North',
        postal: ['B1', 'B2', 'B3', 'B4', 'B5', 'B15', 'B16'],
        landline: ['121 ndd dddd'],
      },
      {
        name: 'Leeds',
        region: 'West Yorkshire',
        weight: 5,
        team: 'North',
        postal: ['LS1', 'LS2', 'LS6', 'LS11'],
        landline: ['113 ndd dddd'],
      },
      {
        name: 'Glasgow',
        region: 'Scotland',
        weight: 4,
        team: 'North',
        postal: ['G1', 'G2', 'G3', 'G12', 'G41'],
        landline: ['141 ndd dddd'],
      },
      {
        name: 'Edinburgh',
        region: 'Scotland',
        weight: 4,
        team: 'North',
        postal: ['EH1', 'EH2', 'EH3', 'EH6', 'EH7'],
        landline: ['131 ndd dddd'],
      },
      {
        name: 'Bristol',
        region: 'Bristol',
        weight: 4,
        team: 'South',
        postal: ['BS1', 'BS2', 'BS8', 'BS16'],
        landline: ['117 ndd dddd'],
      },
      {
        name: 'Liverpool',
        region: 'Merseyside',
        weight: 3,
        team: 'North',
        postal: ['L1', 'L2', 'L3', 'L8'],
        landline: ['151 ndd dddd'],
      },
      {
        name: 'Newcastle upon Tyne',
        region: 'Tyne and Wear',
        weight: 3,
        team: 'North',
        postal: ['NE1', 'NE2', 'NE4'],
        landline: ['191 ndd dddd'],
      },
      {
        name: 'Sheffield',
        region: 'South Yorkshire',
        weight: 3,
        team: 'North',
        postal: ['S1', 'S2', 'S3', 'S10', 'S11'],
        landline: ['114 ndd dddd'],
      },
      {
        name: 'Cardiff',
        region: 'Wales',
        weight: 3,
        team: 'South',
        postal: ['CF10', 'CF11', 'CF14', 'CF24'],
        landline: ['29 20dd dddd'],
      },
      {
        name: 'Belfast',
        region: 'Northern Ireland',
        weight: 2,
        team: 'North',
        postal: ['BT1', 'BT2', 'BT7', 'BT9'],
        landline: ['28 90dd dddd'],
      },
      {
        name: 'Nottingham',
        region: 'Nottinghamshire',
        weight: 2,
        team: 'North',
        postal: ['NG1', 'NG2', 'NG7'],
        landline: ['115 ndd dddd'],
      },
      {
        name: 'Brighton',
        region: 'East Sussex',
        weight: 2,
        team: 'South',
        postal: ['BN1', 'BN2', 'BN3'],
        landline: ['1273 nddddd'],
      },
      {
        name: 'Cambridge',
        region: 'Cambridgeshire',
        weight: 2,
        team: 'South',
        postal: ['CB1', 'CB2', 'CB4'],
        landline: ['1223 nddddd'],
      },
      {
        name: 'Oxford',
        region: 'Oxfordshire',
        weight: 2,
        team: 'South',
        postal: ['OX1', 'OX2', 'OX4'],
        landline: ['1865 nddddd'],
      },
      {
        name: 'Reading',
        region: 'Berkshire',
        weight: 2,
        team: 'South',
        postal: ['RG1', 'RG2', 'RG30'],
        landline: ['118 ndd dddd'],
      },
      {
        name: 'Southampton',
        region: 'Hampshire',
        weight: 2,
        team: 'South',
        postal: ['SO14', 'SO15', 'SO17'],
        landline: ['23 80dd dddd'],
      },
    ],
  },
  {
    code: 'IE',
    weight: 8,
    language: 'en',
    currency: 'EUR',
    team: 'North',
    tlds: [
      ['ie', 75],
      ['com', 25],
    ],
    legal: [
      ['Ltd', 55],
      ['Limited', 10],
      ['DAC', 5],
      ['', 30],
    ],
    mobile: ['83 ddddddd', '85 ddddddd', '86 ddddddd', '87 ddddddd', '89 ddddddd'],
    providers: [
      ['gmail.com', 45],
      ['hotmail.com', 15],
      ['outlook.com', 12],
      ['icloud.com', 10],
      ['eircom.net', 8],
      ['yahoo.ie', 6],
    ],
    cities: [
      {
        name: 'Dublin',
        region: 'Dublin',
        weight: 45,
        postal: ['D01', 'D02', 'D04', 'D06', 'D08', 'D15', 'D18', 'D24'],
        landline: ['1 ndd dddd'],
      },
      { name: 'Cork', region: 'Cork', weight: 15, postal: ['T12', 'T23'], landline: ['21 ndd dddd'] },
      { name: 'Galway', region: 'Galway', weight: 8, postal: ['H91'], landline: ['91 nddddd'] },
      { name: 'Limerick', region: 'Limerick', weight: 7, postal: ['V94'], landline: ['61 nddddd'] },
      { name: 'Waterford', region: 'Waterford', weight: 4, postal: ['X91'], landline: ['51 nddddd'] },
      { name: 'Kilkenny', region: 'Kilkenny', weight: 2, postal: ['R95'], landline: ['56 ndddddd'] },
    ],
  },
  {
    code: 'US',
    weight: 12,
    language: 'en',
    currency: 'USD',
    team: 'Enterprise',
    tlds: [
      ['com', 85],
      ['io', 8],
      ['co', 7],
    ],
    legal: [
      ['Inc.', 50],
      ['LLC', 25],
      ['Corp.', 8],
      ['', 17],
    ],
    mobile: [],
    providers: [
      ['gmail.com', 50],
      ['yahoo.com', 14],
      ['icloud.com', 12],
      ['outlook.com', 10],
      ['hotmail.com', 8],
      ['aol.com', 6],
    ],
    cities: [
      {
        name: 'New York',
        region: 'NY',
        weight: 20,
        postal: range(10001, 10282),
        landline: ['212 ndd dddd', '646 ndd dddd', '718 ndd dddd'],
      },
      {
        name: 'Los Angeles',
        region: 'CA',
        weight: 10,
        postal: range(90001, 90089),
        landline: ['213 ndd dddd', '310 ndd dddd'],
      },
      {
        name: 'Chicago',
        region: 'IL',
        weight: 9,
        postal: range(60601, 60661),
        landline: ['312 ndd dddd', '773 ndd dddd'],
      },
      { name: 'San Francisco', region: 'CA', weight: 8, postal: range(94102, 94134), landline: ['415 ndd dddd'] },
      { name: 'Boston', region: 'MA', weight: 6, postal: range(2108, 2137), landline: ['617 ndd dddd'] },
      { name: 'Austin', region: 'TX', weight: 6, postal: range(78701, 78759), landline: ['512 ndd dddd'] },
      { name: 'Seattle', region: 'WA', weight: 6, postal: range(98101, 98199), landline: ['206 ndd dddd'] },
      {
        name: 'Atlanta',
        region: 'GA',
        weight: 5,
        postal: range(30303, 30350),
        landline: ['404 ndd dddd', '678 ndd dddd'],
      },
      {
        name: 'Denver',
        region: 'CO',
        weight: 4,
        postal: range(80202, 80239),
        landline: ['303 ndd dddd', '720 ndd dddd'],
      },
      {
        name: 'Miami',
        region: 'FL',
        weight: 4,
        postal: range(33125, 33199),
        landline: ['305 ndd dddd', '786 ndd dddd'],
      },
      {
        name: 'Philadelphia',
        region: 'PA',
        weight: 4,
        postal: range(19102, 19154),
        landline: ['215 ndd dddd', '267 ndd dddd'],
      },
    ],
  },
  {
    code: 'DE',
    weight: 11,
    language: 'de',
    currency: 'EUR',
    team: 'North',
    tlds: [
      ['de', 85],
      ['com', 15],
    ],
    legal: [
      ['GmbH', 60],
      ['AG', 8],
      ['GmbH & Co. KG', 12],
      ['KG', 5],
      ['', 15],
    ],
    mobile: list(`
      151 dddddddd, 152 dddddddd, 157 dddddddd, 160 ddddddd, 162 ddddddd, 170 ddddddd, 171 ddddddd, 172 ddddddd,
      175 ddddddd, 176 dddddddd, 177 dddddddd, 178 dddddddd, 179 dddddddd
    `),
    providers: [
      ['gmx.de', 25],
      ['web.de', 25],
      ['gmail.com', 25],
      ['t-online.de', 12],
      ['outlook.de', 8],
      ['icloud.com', 5],
    ],
    cities: [
      { name: 'Berlin', region: 'Berlin', weight: 20, postal: range(10115, 14199), landline: ['30 nddddddd'] },
      { name: 'Hamburg', region: 'Hamburg', weight: 10, postal: range(20095, 22769), landline: ['40 nddddddd'] },
      { name: 'München', region: 'Bayern', weight: 10, postal: range(80331, 81929), landline: ['89 nddddddd'] },
      {
        name: 'Köln',
        region: 'Nordrhein-Westfalen',
        weight: 7,
        postal: range(50667, 51149),
        landline: ['221 nddddddd'],
      },
      {
        name: 'Frankfurt am Main',
        region: 'Hessen',
        weight: 7,
        postal: range(60306, 60599),
        landline: ['69 nddddddd'],
      },
      {
        name: 'Stuttgart',
        region: 'Baden-Württemberg',
        weight: 6,
        postal: range(70173, 70619),
        landline: ['711 nddddddd'],
      },
      {
        name: 'Düsseldorf',
        region: 'Nordrhein-Westfalen',
        weight: 5,
        postal: range(40210, 40629),
        landline: ['211 nddddddd'],
      },
      { name: 'Leipzig', region: 'Sachsen', weight: 4, postal: range(4103, 4357), landline: ['341 nddddddd'] },
      { name: 'Hannover', region: 'Niedersachsen', weight: 4, postal: range(30159, 30669), landline: ['511 nddddddd'] },
      { name: 'Nürnberg', region: 'Bayern', weight: 4, postal: range(90402, 90491), landline: ['911 nddddddd'] },
      { name: 'Dresden', region: 'Sachsen', weight: 3, postal: range(1067, 1328), landline: ['351 nddddddd'] },
      { name: 'Bremen', region: 'Bremen', weight: 3, postal: range(28195, 28779), landline: ['421 nddddddd'] },
    ],
  },
  {
    code: 'FR',
    weight: 9,
    language: 'fr',
    currency: 'EUR',
    team: 'South',
    tlds: [
      ['fr', 80],
      ['com', 20],
    ],
    legal: [
      ['SAS', 45],
      ['SARL', 25],
      ['SA', 10],
      ['', 20],
    ],
    mobile: ['6 dddddddd', '7 5ddddddd', '7 6ddddddd', '7 7ddddddd', '7 8ddddddd'],
    providers: [
      ['gmail.com', 35],
      ['orange.fr', 20],
      ['free.fr', 12],
      ['hotmail.fr', 12],
      ['laposte.net', 8],
      ['sfr.fr', 8],
      ['yahoo.fr', 5],
    ],
    cities: [
      {
        name: 'Paris',
        region: 'Île-de-France',
        weight: 30,
        postal: range(75001, 75020),
        landline: ['1 4ddddddd', '1 5ddddddd'],
      },
      {
        name: 'Lyon',
        region: 'Auvergne-Rhône-Alpes',
        weight: 8,
        postal: range(69001, 69009),
        landline: ['4 7ddddddd'],
      },
      {
        name: 'Marseille',
        region: "Provence-Alpes-Côte d'Azur",
        weight: 8,
        postal: range(13001, 13016),
        landline: ['4 91dddddd'],
      },
      { name: 'Toulouse', region: 'Occitanie', weight: 6, postal: range(31000, 31500), landline: ['5 6ddddddd'] },
      {
        name: 'Bordeaux',
        region: 'Nouvelle-Aquitaine',
        weight: 5,
        postal: range(33000, 33800),
        landline: ['5 5ddddddd'],
      },
      { name: 'Lille', region: 'Hauts-de-France', weight: 5, postal: range(59000, 59800), landline: ['3 20dddddd'] },
      { name: 'Nantes', region: 'Pays de la Loire', weight: 5, postal: range(44000, 44300), landline: ['2 40dddddd'] },
      { name: 'Strasbourg', region: 'Grand Est', weight: 4, postal: range(67000, 67200), landline: ['3 88dddddd'] },
      {
        name: 'Nice',
        region: "Provence-Alpes-Côte d'Azur",
        weight: 4,
        postal: range(6000, 6300),
        landline: ['4 93dddddd'],
      },
      { name: 'Rennes', region: 'Bretagne', weight: 3, postal: range(35000, 35700), landline: ['2 99dddddd'] },
    ],
  },
  {
    code: 'ES',
    weight: 5,
    language: 'es',
    currency: 'EUR',
    team: 'South',
    tlds: [
      ['es', 75],
      ['com', 25],
    ],
    legal: [
      ['S.L.', 60],
      ['S.A.', 15],
      ['', 25],
    ],
    mobile: ['6 dddddddd', '71 ddddddd', '72 ddddddd'],
    providers: [
      ['gmail.com', 50],
      ['hotmail.com', 20],
      ['yahoo.es', 10],
      ['outlook.es', 10],
      ['telefonica.net', 5],
      ['icloud.com', 5],
    ],
    cities: [
      {
        name: 'Madrid',
        region: 'Comunidad de Madrid',
        weight: 30,
        postal: range(28001, 28055),
        landline: ['91 ndddddd'],
      },
      { name: 'Barcelona', region: 'Cataluña', weight: 25, postal: range(8001, 8042), landline: ['93 ndddddd'] },
      {
        name: 'Valencia',
        region: 'Comunidad Valenciana',
        weight: 10,
        postal: range(46001, 46026),
        landline: ['96 ndddddd'],
      },
      { name: 'Sevilla', region: 'Andalucía', weight: 8, postal: range(41001, 41020), landline: ['954 nddddd'] },
      { name: 'Bilbao', region: 'País Vasco', weight: 6, postal: range(48001, 48015), landline: ['94 ndddddd'] },
      { name: 'Málaga', region: 'Andalucía', weight: 6, postal: range(29001, 29018), landline: ['952 nddddd'] },
      { name: 'Zaragoza', region: 'Aragón', weight: 5, postal: range(50001, 50021), landline: ['976 nddddd'] },
      { name: 'Palma', region: 'Islas Baleares', weight: 4, postal: range(7001, 7015), landline: ['971 nddddd'] },
      {
        name: 'Alicante',
        region: 'Comunidad Valenciana',
        weight: 3,
        postal: range(3001, 3016),
        landline: ['965 nddddd'],
      },
    ],
  },
  {
    code: 'NL',
    weight: 5,
    language: 'nl',
    currency: 'EUR',
    team: 'North',
    tlds: [
      ['nl', 85],
      ['com', 15],
    ],
    legal: [
      ['B.V.', 65],
      ['N.V.', 5],
      ['', 30],
    ],
    mobile: ['6 1ddddddd', '6 2ddddddd', '6 3ddddddd', '6 4ddddddd', '6 5ddddddd'],
    providers: [
      ['gmail.com', 40],
      ['hotmail.com', 15],
      ['ziggo.nl', 12],
      ['kpnmail.nl', 10],
      ['outlook.com', 10],
      ['icloud.com', 8],
      ['live.nl', 5],
    ],
    cities: [
      { name: 'Amsterdam', region: 'Noord-Holland', weight: 25, postal: range(1011, 1109), landline: ['20 ndddddd'] },
      { name: 'Rotterdam', region: 'Zuid-Holland', weight: 18, postal: range(3011, 3089), landline: ['10 ndddddd'] },
      { name: 'Den Haag', region: 'Zuid-Holland', weight: 12, postal: range(2491, 2599), landline: ['70 ndddddd'] },
      { name: 'Utrecht', region: 'Utrecht', weight: 12, postal: range(3511, 3585), landline: ['30 ndddddd'] },
      { name: 'Eindhoven', region: 'Noord-Brabant', weight: 8, postal: range(5611, 5658), landline: ['40 ndddddd'] },
      { name: 'Groningen', region: 'Groningen', weight: 6, postal: range(9711, 9747), landline: ['50 ndddddd'] },
      { name: 'Tilburg', region: 'Noord-Brabant', weight: 5, postal: range(5011, 5049), landline: ['13 ndddddd'] },
      { name: 'Haarlem', region: 'Noord-Holland', weight: 5, postal: range(2011, 2037), landline: ['23 ndddddd'] },
      { name: 'Nijmegen', region: 'Gelderland', weight: 5, postal: range(6511, 6546), landline: ['24 ndddddd'] },
      { name: 'Breda', region: 'Noord-Brabant', weight: 4, postal: range(4811, 4839), landline: ['76 ndddddd'] },
    ],
  },
];

export interface NameList {
  female: readonly string[];
  male: readonly string[];
  /** Frequent first; the pools append Faker's longer lists as a tail where they are realistic. */
  last: readonly string[];
}

/** Most common names per country, most frequent first. */
export const NAMES: Record<CountryCode, NameList> = {
  GB: {
    female: list(`
      Sarah, Emma, Laura, Emily, Sophie, Charlotte, Hannah, Olivia, Rebecca, Jessica, Amy, Lucy, Rachel, Claire,
      Katie, Helen, Grace, Amelia, Chloe, Nicola, Victoria, Louise, Gemma, Kate, Elizabeth, Catherine, Alice, Megan,
      Holly, Ellie, Jennifer, Joanne, Zoe, Isla, Freya, Harriet, Priya, Aisha, Fatima, Eilidh, Ffion, Anita, Joanna,
      Ava
    `),
    male: list(`
      James, David, Daniel, Thomas, Matthew, Michael, Christopher, Andrew, Richard, Mark, Paul, John, Oliver, Jack,
      Harry, George, William, Samuel, Joseph, Benjamin, Stephen, Peter, Robert, Simon, Adam, Luke, Ryan, Alexander,
      Edward, Henry, Charlie, Jamie, Callum, Lewis, Rhys, Owen, Mohammed, Arjun, Ravi, Hamish, Connor, Nathan,
      Tomasz, Ian
    `),
    last: list(`
      Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson, Thompson,
      Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Patel, Jackson, Wood, Turner,
      Martin, Cooper, Hill, Ward, Morris, Moore, Clark, Lee, King, Baker, Harrison, Morgan, Allen, James, Scott,
      Phillips, Watson, Davis, Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly, Cook, Carter, Richardson,
      Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Khan, Marshall, Anderson, Simpson, Ellis, Adams,
      Singh, Begum, Wilkinson, Foster, Chapman, Powell, Webb, Rogers, Gray, Mason, Ali, Hunt, Hussain, Campbell,
      Matthews, Owen, Palmer, Holmes, Mills, Barnes, Knight, Lloyd, Butler, Russell, Barker, Fisher, Stevens,
      Jenkins, Murray, Dixon, Harvey, Graham, Pearson, Ahmed, Fletcher, Walsh, Kaur, Gibson, Howard, Andrews,
      Stewart, Elliott, Reynolds, Saunders, Payne, Fox, Ford, Pearce, Day, Brooks, West, Lawrence, Cole, Atkinson,
      Bradley, Spencer, Gill, Dawson, Ball, Burton, O'Brien, Watts, Rose, Booth, Perry, Ryan, Grant, Wells,
      Armstrong, Francis, Rees, Hayes, Hart, Hudson, Newman, Barrett, Webster, Hunter, Gregory, Carr, Lowe, Page,
      Marsh, Riley, Dunn, Woods, Parsons, Berry, Stone, Reid, Holland, Hawkins, Harding, Porter, Robertson, Newton,
      Oliver, Reed, Kennedy, Williamson, Bird, Gardner, Shah, MacDonald, Fraser, McLean, Nowak, Kowalski, Okafor,
      Mensah
    `),
  },
  IE: {
    female: list(`
      Aoife, Niamh, Sarah, Ciara, Emma, Siobhán, Sinéad, Róisín, Orla, Aisling, Caoimhe, Gráinne, Saoirse, Clodagh,
      Fiona, Mary, Catherine, Grace, Laura, Deirdre, Sorcha, Éabha, Méabh, Síle
    `),
    male: list(`
      Seán, Conor, Cian, Darragh, Patrick, Michael, John, Oisín, Liam, Eoin, Ciarán, Colm, Declan, Fionn, Pádraig,
      Niall, Ronan, Shane, Cillian, Brian, Kevin, Dara, Diarmuid, Tadhg
    `),
    last: list(`
      Murphy, Kelly, O'Sullivan, Walsh, Smith, O'Brien, Byrne, Ryan, O'Connor, O'Neill, O'Reilly, Doyle, McCarthy,
      Gallagher, O'Doherty, Kennedy, Lynch, Murray, Quinn, Moore, McLoughlin, O'Carroll, Connolly, Daly, O'Connell,
      Wilson, Dunne, Brennan, Burke, Collins, Campbell, Clarke, Johnston, Hughes, Fitzgerald, Brown, Martin,
      Maguire, Nolan, Flynn, Thompson, O'Callaghan, O'Donnell, Duffy, O'Mahony, Boyle, Healy, O'Shea, White,
      Sweeney, Hayes, Kavanagh, Power, McGrath, Moran, Brady, Casey, Foley, Fitzpatrick, O'Leary, McDonnell,
      MacMahon, Donnelly, Regan, Donovan, Burns, Flanagan, Barry, Kane, Cunningham, Griffin, Kenny, Sheehan, Whelan,
      Lyons, Higgins, Cullen, Keane, Maher, McKenna, Hogan, O'Keeffe, McNamara, O'Rourke, Buckley, O'Dwyer
    `),
  },
  US: {
    female: list(`
      Jennifer, Jessica, Sarah, Ashley, Emily, Elizabeth, Michelle, Amanda, Melissa, Stephanie, Mary, Lisa, Karen,
      Laura, Rebecca, Nicole, Megan, Lauren, Rachel, Samantha, Emma, Olivia, Madison, Hannah, Abigail, Kimberly,
      Maria, Sofia, Isabella, Camila, Ana, Mei, Aaliyah, Jasmine, Priya
    `),
    male: list(`
      Michael, David, James, John, Robert, Christopher, Daniel, Matthew, William, Joseph, Andrew, Joshua, Ryan,
      Brian, Kevin, Jason, Justin, Brandon, Tyler, Anthony, Mark, Steven, Thomas, Ethan, Noah, Liam, Mason, Logan,
      Jose, Carlos, Luis, Juan, Wei, Raj, Jamal, Marcus
    `),
    last: list(`
      Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez, Lopez,
      Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, Thompson, White, Harris,
      Sanchez, Clark, Ramirez, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott, Torres, Nguyen, Hill,
      Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell, Carter, Roberts, Gomez, Phillips,
      Evans, Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart, Morris, Morales, Murphy, Cook, Rogers,
      Gutierrez, Ortiz, Morgan, Cooper, Peterson, Bailey, Reed, Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson,
      Watson, Brooks, Chavez, Wood, James, Bennett, Gray, Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders,
      Patel, Myers, Long, Ross, Foster, Jimenez, Chen, Wang, Li, Zhang, Shah, Cohen, Goldberg, O'Connor, Sullivan,
      Kowalski, Schmidt, Okoye, Washington
    `),
  },
  DE: {
    female: list(`
      Anna, Julia, Laura, Sabine, Katharina, Lisa, Sarah, Lena, Lea, Maria, Petra, Claudia, Andrea, Stefanie,
      Nicole, Susanne, Birgit, Monika, Sophie, Hannah, Johanna, Franziska, Anja, Jana
    `),
    male: list(`
      Thomas, Michael, Andreas, Stefan, Christian, Markus, Alexander, Tobias, Daniel, Jan, Lukas, Felix, Maximilian,
      Jonas, Paul, Peter, Klaus, Jürgen, Wolfgang, Matthias, Florian, Sebastian, Frank, Uwe
    `),
    last: list(`
      Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer,
      Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange,
      Schmitt, Werner, Schmitz, Krause, Meier, Lehmann, Schmid, Schulze, Maier, Köhler, Herrmann, König, Walter,
      Mayer, Huber, Kaiser, Fuchs, Peters, Lang, Scholz, Möller, Weiß, Jung, Hahn, Schubert, Yılmaz, Kaya, Nowak
    `),
  },
  FR: {
    female: list(`
      Marie, Camille, Julie, Sophie, Nathalie, Isabelle, Léa, Manon, Chloé, Emma, Inès, Sarah, Laura, Pauline,
      Claire, Sandrine, Céline, Aurélie, Émilie, Anne, Catherine, Élodie, Charlotte, Lucie, Juliette, Mathilde,
      Océane, Margaux, Clémence, Amandine, Valérie, Stéphanie, Yasmine
    `),
    male: list(`
      Nicolas, Thomas, Julien, Pierre, Jean, Alexandre, Antoine, Maxime, Lucas, Hugo, Louis, Mathieu, Guillaume,
      Romain, Sébastien, Christophe, Laurent, Philippe, François, Olivier, David, Éric, Frédéric, Vincent, Benoît,
      Jérôme, Arnaud, Théo, Clément, Baptiste, Mehdi, Karim, Jean-Pierre
    `),
    last: list(`
      Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel, Lefebvre,
      Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine, Rousseau, Vincent,
      Muller, Lefèvre, Faure, André, Mercier, Blanc, Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier,
      Garcia, Perrin, Robin, Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Benali, Nguyen
    `),
  },
  ES: {
    female: list(`
      María, Lucía, Carmen, Laura, Ana, Marta, Paula, Sara, Elena, Cristina, Isabel, Sofía, Alba, Julia, Raquel,
      Pilar, Nuria, Beatriz, Silvia, Irene, Patricia, Rocío
    `),
    male: list(`
      Antonio, José, Manuel, Francisco, David, Juan, Javier, Daniel, Carlos, Jesús, Alejandro, Miguel, Rafael,
      Pablo, Sergio, Álvaro, Jorge, Alberto, Luis, Fernando, Diego, Hugo, Iker, Jordi
    `),
    last: list(`
      García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz,
      Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez, Vázquez,
      Ramos, Gil, Ramírez, Serrano, Blanco, Molina, Morales, Suárez, Ortega, Delgado, Castro, Ortiz, Rubio, Marín,
      Sanz, Núñez, Iglesias, Medina, Garrido, Cortés, Castillo, Santos, Lozano, Guerrero, Cano, Prieto
    `),
  },
  NL: {
    female: list(`
      Emma, Sophie, Julia, Anna, Lisa, Eva, Sanne, Lotte, Fleur, Anouk, Lieke, Iris, Femke, Maud, Noa, Tess,
      Marieke, Ingrid, Annemieke, Esther
    `),
    male: list(`
      Daan, Sem, Lucas, Levi, Bram, Thijs, Jesse, Ruben, Lars, Tim, Stijn, Sven, Niels, Joris, Pieter, Jeroen, Bas,
      Koen, Wouter, Maarten, Sander, Dennis
    `),
    last: list(`
      de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, Mulder,
      de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf,
      van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek,
      de Bruijn, van der Heijden, Schouten, van Beek, Willems, van Vliet, Hoekstra, Maas, Verhoeven, Koster,
      van Dam, Prins, Blom, Huisman, Yilmaz, El Amrani
    `),
  },
};

/** Streets where Faker's lists are poor for the country. */
export const STREETS: Partial<Record<CountryCode, readonly string[]>> = {
  ES: list(`
    Calle Mayor, Calle de Alcalá, Gran Vía, Paseo de la Castellana, Calle de Serrano, Avenida Diagonal,
    Calle de Atocha, Calle del Carmen, Calle Real, Avenida de América, Calle de Velázquez, Paseo de Gracia,
    Calle de Goya, Avenida del Puerto, Calle San Vicente, Calle de la Paz, Avenida de Andalucía, Calle Nueva,
    Plaza Mayor, Calle de Colón, Avenida de la Constitución, Calle Larios, Rambla de Catalunya, Calle de Toledo,
    Calle Princesa, Avenida de Madrid, Calle del Sol, Calle de Bravo Murillo, Calle Sierpes, Avenida Blasco Ibáñez
  `),
  NL: list(`
    Kerkstraat, Dorpsstraat, Hoofdstraat, Stationsweg, Molenweg, Schoolstraat, Julianastraat, Beatrixstraat,
    Wilhelminastraat, Prinsengracht, Keizersgracht, Herengracht, Marktplein, Nieuwstraat, Parallelweg, Industrieweg,
    Sportlaan, Kastanjelaan, Eikenlaan, Lindenlaan, Oranjestraat, Prins Hendrikstraat, Burgemeester de Withstraat,
    Havenstraat, Zuiderweg, Noorderweg, Coolsingel, Damrak, Vismarkt, Oudegracht
  `),
};

export const STREET_STYLE: Record<CountryCode, 'number-first' | 'number-last' | 'comma'> = {
  GB: 'number-first',
  IE: 'number-first',
  US: 'number-first',
  FR: 'number-first',
  DE: 'number-last',
  NL: 'number-last',
  ES: 'comma',
};

export const LINE2: Record<CountryCode, readonly string[]> = {
  GB: ['Unit #', 'Floor #', 'Suite #', 'Flat #'],
  IE: ['Unit #', 'Floor #', 'Apartment #'],
  US: ['Suite #00', 'Floor #', 'Apt #'],
  DE: ['#. OG', 'Haus #', 'Gebäude #'],
  FR: ['Bâtiment #', '#e étage', 'Appartement #'],
  ES: ['Planta #', 'Piso #º', 'Local #'],
  NL: ['#e verdieping', 'Unit #'],
};

export interface Industry {
  name: string;
  weight: number;
  /** Words for company names, per language (English is the fallback). */
  words: Partial<Record<'en' | 'de' | 'fr' | 'es' | 'nl', readonly string[]>>;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    name: 'Software',
    weight: 12,
    words: { en: ['Software', 'Systems', 'Labs', 'Digital', 'Technologies'], de: ['Software', 'Systeme', 'Digital'] },
  },
  {
    name: 'Manufacturing',
    weight: 10,
    words: {
      en: ['Engineering', 'Manufacturing', 'Industries', 'Components'],
      de: ['Maschinenbau', 'Technik', 'Werke'],
      fr: ['Industries', 'Mécanique'],
      es: ['Industrias', 'Mecanizados'],
      nl: ['Techniek', 'Machinebouw'],
    },
  },
  {
    name: 'Retail',
    weight: 9,
    words: {
      en: ['Retail', 'Stores', 'Trading'],
      de: ['Handel', 'Handelsgesellschaft'],
      fr: ['Distribution'],
      es: ['Comercial'],
      nl: ['Handel'],
    },
  },
  {
    name: 'Wholesale',
    weight: 6,
    words: {
      en: ['Supplies', 'Wholesale', 'Distribution'],
      de: ['Großhandel', 'Vertrieb'],
      fr: ['Négoce'],
      es: ['Distribuciones', 'Suministros'],
      nl: ['Groothandel'],
    },
  },
  {
    name: 'Logistics',
    weight: 7,
    words: {
      en: ['Logistics', 'Freight', 'Transport'],
      de: ['Logistik', 'Spedition'],
      fr: ['Transports', 'Logistique'],
      es: ['Transportes', 'Logística'],
      nl: ['Logistiek', 'Transport'],
    },
  },
  {
    name: 'Construction',
    weight: 7,
    words: {
      en: ['Construction', 'Builders', 'Developments'],
      de: ['Bau', 'Bauunternehmen'],
      fr: ['Construction', 'Bâtiment'],
      es: ['Construcciones', 'Obras'],
      nl: ['Bouw', 'Aannemers'],
    },
  },
  {
    name: 'Professional services',
    weight: 8,
    words: {
      en: ['Consulting', 'Associates', 'Partners', 'Advisory'],
      de: ['Beratung', 'Consulting'],
      fr: ['Conseil'],
      es: ['Consultores', 'Asesores'],
      nl: ['Advies'],
    },
  },
  {
    name: 'Financial services',
    weight: 5,
    words: {
      en: ['Capital', 'Finance', 'Wealth', 'Insurance'],
      de: ['Finanz', 'Versicherungen'],
      fr: ['Finance', 'Patrimoine'],
      es: ['Finanzas', 'Seguros'],
      nl: ['Financiële Diensten'],
    },
  },
  {
    name: 'Healthcare',
    weight: 6,
    words: {
      en: ['Health', 'Care', 'Medical', 'Dental'],
      de: ['Medizintechnik', 'Pflege'],
      fr: ['Santé', 'Médical'],
      es: ['Salud', 'Clínicas'],
      nl: ['Zorg', 'Medisch'],
    },
  },
  {
    name: 'Hospitality',
    weight: 5,
    words: {
      en: ['Hotels', 'Hospitality', 'Catering', 'Inns'],
      de: ['Hotels', 'Gastronomie'],
      fr: ['Hôtellerie', 'Restauration'],
      es: ['Hoteles', 'Hostelería'],
      nl: ['Horeca', 'Hotels'],
    },
  },
  {
    name: 'Food and drink',
    weight: 5,
    words: {
      en: ['Foods', 'Bakery', 'Brewing', 'Coffee'],
      de: ['Feinkost', 'Brauerei', 'Bäckerei'],
      fr: ['Boulangerie', 'Gastronomie', 'Vins'],
      es: ['Alimentación', 'Bodegas'],
      nl: ['Bakkerij', 'Brouwerij', 'Food'],
    },
  },
  {
    name: 'Education',
    weight: 3,
    words: {
      en: ['Learning', 'Academy', 'Training'],
      de: ['Akademie', 'Bildung'],
      fr: ['Formation'],
      es: ['Formación', 'Academia'],
      nl: ['Opleidingen', 'Academie'],
    },
  },
  {
    name: 'Legal',
    weight: 3,
    words: {
      en: ['Legal', 'Solicitors', 'Law'],
      de: ['Rechtsanwälte', 'Kanzlei'],
      fr: ['Avocats'],
      es: ['Abogados'],
      nl: ['Advocaten'],
    },
  },
  {
    name: 'Energy',
    weight: 3,
    words: {
      en: ['Energy', 'Power', 'Solar'],
      de: ['Energie', 'Solar'],
      fr: ['Énergie'],
      es: ['Energía', 'Solar'],
      nl: ['Energie'],
    },
  },
  {
    name: 'Media and marketing',
    weight: 4,
    words: {
      en: ['Media', 'Studios', 'Creative', 'Agency'],
      de: ['Medien', 'Agentur'],
      fr: ['Médias', 'Agence'],
      es: ['Comunicación', 'Estudio'],
      nl: ['Media', 'Reclamebureau'],
    },
  },
  {
    name: 'Real estate',
    weight: 3,
    words: {
      en: ['Properties', 'Estates', 'Lettings'],
      de: ['Immobilien'],
      fr: ['Immobilier'],
      es: ['Inmobiliaria'],
      nl: ['Vastgoed', 'Makelaardij'],
    },
  },
  {
    name: 'Telecommunications',
    weight: 2,
    words: {
      en: ['Telecom', 'Networks', 'Communications'],
      de: ['Telekommunikation', 'Netze'],
      fr: ['Télécom', 'Réseaux'],
      es: ['Telecomunicaciones', 'Redes'],
      nl: ['Telecom', 'Netwerken'],
    },
  },
  {
    name: 'Automotive',
    weight: 2,
    words: {
      en: ['Motors', 'Automotive', 'Garages'],
      de: ['Autohaus', 'Fahrzeugtechnik'],
      fr: ['Automobiles', 'Garage'],
      es: ['Automoción', 'Motor'],
      nl: ['Autobedrijf', 'Automotive'],
    },
  },
  {
    name: 'Agriculture',
    weight: 1,
    words: {
      en: ['Farms', 'Agri', 'Growers'],
      de: ['Agrar', 'Landhandel'],
      fr: ['Agricole'],
      es: ['Agrícola'],
      nl: ['Agro', 'Kwekerij'],
    },
  },
  {
    name: 'Non-profit',
    weight: 2,
    words: {
      en: ['Trust', 'Foundation', 'Charity'],
      de: ['Stiftung', 'Verein'],
      fr: ['Fondation', 'Association'],
      es: ['Fundación', 'Asociación'],
      nl: ['Stichting'],
    },
  },
];

/** Invented brand stems: prefix + suffix (Brightfield, Stonebridge, Northgate). */
export const BRAND_PREFIXES = list(`
  North, South, East, West, Blue, Bright, Silver, Oak, Red, Green, Apex, Summit, Harbour, River, Stone, Iron, Clear,
  Swift, Cedar, Maple, Pine, Falcon, Atlas, Nova, Vertex, Orbit, Lumen, Quantum, Evergreen, Granite, Copper,
  Kestrel, Meridian, Pinnacle, Sterling, Beacon, Crown, Anchor, Willow, Horizon, Keystone, Lighthouse, Ash, Birch,
  Elm, Fern, Heather, Lark, Raven, Wren
`);
export const BRAND_SUFFIXES = list(`
  field, bridge, gate, stone, wave, line, point, path, works, well, brook, wood, view, side, ford, mark, light,
  vale, crest, haven, ridge, water, bank, hill, moor, shire, way, lane
`);
/** Whole-word brands (Atlas Logistics, Kestrel Software). */
export const BRAND_WORDS = list(`
  Atlas, Nova, Vertex, Orbit, Lumen, Quantum, Kestrel, Meridian, Pinnacle, Sterling, Beacon, Anchor, Horizon,
  Keystone, Summit, Apex, Falcon, Phoenix, Zenith, Cobalt, Vanguard, Harmony, Pioneer, Catalyst, Fusion, Insight,
  Momentum, Northstar, Polaris, Sapphire, Solstice, Tandem, Unity, Vista, Aurora, Bluebell, Clover, Ember, Juniper,
  Larch, Mosaic, Nimbus, Onyx, Quartz
`);

/** Job titles, most common first (a typical SME customer base: owners, managers, buyers and finance). */
export const JOB_TITLES: readonly (readonly [string, number])[] = [
  ['Director', 6],
  ['Managing Director', 6],
  ['Owner', 5],
  ['Office Manager', 5],
  ['Operations Manager', 5],
  ['Sales Manager', 4],
  ['Account Manager', 4],
  ['Purchasing Manager', 4],
  ['Buyer', 4],
  ['Finance Manager', 3],
  ['Accountant', 3],
  ['Marketing Manager', 3],
  ['Project Manager', 3],
  ['IT Manager', 3],
  ['CEO', 3],
  ['Founder', 2],
  ['Co-founder', 1],
  ['Finance Director', 2],
  ['CFO', 1],
  ['CTO', 1],
  ['COO', 1],
  ['Head of Sales', 2],
  ['Head of Marketing', 2],
  ['Head of Operations', 2],
  ['Head of IT', 1],
  ['Head of Procurement', 1],
  ['Procurement Manager', 2],
  ['Business Development Manager', 2],
  ['Sales Executive', 2],
  ['Customer Service Manager', 2],
  ['HR Manager', 2],
  ['Financial Controller', 2],
  ['Facilities Manager', 1],
  ['Logistics Coordinator', 1],
  ['Warehouse Manager', 1],
  ['Product Manager', 1],
  ['Software Engineer', 1],
  ['Engineer', 1],
  ['Consultant', 1],
  ['Analyst', 1],
  ['Executive Assistant', 2],
  ['Office Administrator', 2],
  ['Receptionist', 1],
  ['Partner', 1],
];

/** Titles in the local language, used for some people outside English-speaking countries. */
export const LOCAL_JOB_TITLES: Partial<Record<CountryCode, readonly string[]>> = {
  DE: [
    'Geschäftsführer',
    'Geschäftsführerin',
    'Vertriebsleiter',
    'Einkaufsleiterin',
    'Prokurist',
    'Buchhalterin',
    'Inhaber',
  ],
  FR: ['Directeur commercial', 'Directrice générale', 'Responsable achats', 'Gérant', 'Comptable', 'Chef de projet'],
  ES: ['Director comercial', 'Directora general', 'Jefe de compras', 'Gerente', 'Responsable de administración'],
  NL: ['Directeur', 'Inkoper', 'Accountmanager', 'Bedrijfsleider', 'Office manager', 'Eigenaar'],
};

export const COMPANY_TAGS = list(`
  key-account, partner, reseller, supplier, vip, at-risk, renewal-due, public-sector, nonprofit, referral,
  trade-show, newsletter
`);

export const PERSON_TAGS = list(`
  decision-maker, champion, influencer, newsletter, webinar, event, trial, churn-risk, referral, billing-contact,
  technical, vip
`);

export const SOURCES = [
  ['Web form', 30],
  ['Import', 15],
  ['Referral', 15],
  ['Cold outreach', 12],
  ['Webinar', 10],
  ['Trade show', 10],
  ['Partner', 8],
] as const;

export const ACCOUNT_TIERS = ['Gold', 'Silver', 'Bronze'] as const;

export const CONSENT_SOURCES = ['web form', 'phone call', 'event', 'import', 'email reply', 'contract'] as const;

/** Short forms people use instead of their first name (seen when the same person is entered twice). */
export const NICKNAMES: Record<string, string> = {
  William: 'Bill',
  Robert: 'Bob',
  Richard: 'Rich',
  Michael: 'Mike',
  Christopher: 'Chris',
  Matthew: 'Matt',
  Daniel: 'Dan',
  Thomas: 'Tom',
  James: 'Jim',
  Joseph: 'Joe',
  Samuel: 'Sam',
  Benjamin: 'Ben',
  Alexander: 'Alex',
  Andrew: 'Andy',
  Stephen: 'Steve',
  Edward: 'Ed',
  Nicholas: 'Nick',
  Jennifer: 'Jen',
  Elizabeth: 'Liz',
  Catherine: 'Kate',
  Rebecca: 'Becky',
  Victoria: 'Vicky',
  Jessica: 'Jess',
  Samantha: 'Sam',
  Katharina: 'Kathi',
  Maximilian: 'Max',
  Johanna: 'Hanna',
  Francisco: 'Paco',
  José: 'Pepe',
  Alejandro: 'Álex',
  Pádraig: 'Paddy',
  Patrick: 'Pat',
};
