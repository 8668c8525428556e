package demo

// Word banks. Every place, person, company and club here is invented for
// the demo; names were picked to sound plausible without pointing at
// anyone or anything real.

var cityBank = []string{
	"Port Alder", "Kessling", "Marrowvale", "Brindlemoor", "Tarnhollow", "Ostrel",
	"Veyport", "Dunmarra", "Selvino", "Quarrick", "Lowenhale", "Emberly Falls",
	"Saltmere", "Graywick", "Orvanne", "Pellham Bay", "Rosk", "Thistlecombe",
	"Vantree", "Cindervale", "Hollin Reach", "Corrandel", "Marisport", "Fenwater",
	"Skelmore", "Yarrowick", "Belmora", "Ravensholt", "Istrefa", "Norrow",
	"Galdric", "Wenlow Heights", "Tiberon Quay", "Lachmoor", "Sorrelby", "Drossel",
	"Halvik", "Myrtlecourt", "Ostravale", "Kelderby", "Amberlune", "Serrat",
	"Coldharbour Point", "Vessany", "Brackenmouth", "Iltmoor", "Calvareth", "Dunsany Cross",
	"Porthelm", "Quenby Vale", "Tolmerin", "Varrowgate", "Westerlin", "Zennor Reach",
	"Ashcombe Quay", "Brevik Sound", "Ferrano", "Glasswick", "Harrowmere", "Lunsford Ridge",
}

var regionBank = []string{
	"Eastmarch", "Lower Tessel", "Calder Uplands", "Westreach", "Sarrow Basin",
	"North Vell", "Amberlea", "Highfold", "Merrowdale", "Southwold March",
	"Ostrel Peninsula", "Greyvale", "Tamber Hills", "Kell County", "Lanternshire",
	"Dunmore Plain",
}

var countryBank = []string{
	"Arvenia", "Quellmark", "Dostrava", "Sarnovia", "Lunmere", "Brevania",
	"Orlisca", "Tamberland", "Veskaria", "Caldoria",
}

var firstNames = []string{
	"Odile", "Tomas", "Ines", "Bartholomew", "Leontyne", "Kasimir", "Anouk", "Reuben",
	"Sabine", "Evander", "Marisol", "Fintan", "Ottilie", "Jarek", "Nadia", "Corwin",
	"Philippa", "Anders", "Liesel", "Matthias", "Rosamund", "Idris", "Greta", "Emil",
	"Talia", "Aurelio", "Brigid", "Stellan", "Mireille", "Osric", "Dalia", "Hugo",
	"Zofia", "Cassius", "Leni", "Ambrose", "Yvette", "Konrad", "Solveig", "Thaddeus",
	"Amara", "Lorcan", "Esme", "Viktor", "Hanne", "Desmond", "Ilaria", "Rowan",
	"Petra", "Ezra", "Margit", "Silas", "Noor", "Gideon", "Ingeborg", "Felix",
}

var lastNames = []string{
	"Varnett", "Brekkestad", "Ostrowe", "Calloran", "Dremmel", "Haverkamp", "Vasko",
	"Pellinore", "Strand-Lutz", "Marchetti-Bray", "Okafor-Lind", "Quennell", "Ridderhof",
	"Sallow", "Tamsworth", "Undset-Kay", "Vellacott", "Wrenfield", "Ashgrove", "Birchenall",
	"Corvo", "Delacroix-Hume", "Eskeland", "Farrowby", "Gallimore", "Heskett", "Ivanou",
	"Jessamy", "Kaltenbrunn", "Lovatt-Nye", "Moravec", "Nettleship", "Oyelowo-Park",
	"Pruszynski", "Quarrie", "Rosenthorn", "Sevenoaks", "Thackeray-Wynn", "Ulvaeus-Hart",
	"Vantongeren", "Whitlock", "Yardley-Oduya", "Zelinski", "Abernethy", "Brannagh",
	"Castellvi", "Dunleavy", "Emberton", "Fairweather", "Grimaldo", "Holtzmann",
	"Illingworth", "Jankowicz", "Kerrigan-Sol", "Lindqvist", "Mallinson", "Norgaard",
	"Ormerod", "Penhallow-Ruiz", "Rattigan", "Sorensby", "Tregarthen", "Vossberg",
}

// companyBanks group fictional companies by the kind of story they fit.
var companyBanks = map[string][]string{
	"holding": {
		"Halvorsen Group", "Corvane Holdings", "Ostrander & Pike", "Meriwell Group",
		"Tidewell Industries", "Ardent Holdings", "Brightmoor Group", "Quillon Partners",
		"Sarrow Industries", "Fenmark Group", "Lindqvist & Harrow", "Kestrelby Group",
	},
	"construction": {
		"Brannock Construction", "Highcairn Builders", "Tessmer & Vole Civil Works",
		"Grayling Infrastructure", "Oldbridge Engineering", "Calder Ridge Contractors",
	},
	"manufacturing": {
		"Voltaris Energy", "Northgale Motors", "Heliant Systems", "Corrow Thermal",
		"Aldmere Electric", "Brisand Industrial",
	},
	"consumer": {
		"Lumenra", "Cartwell", "Brisko", "Sundry Lane", "Fairquay", "Nestvale",
	},
	"telecom": {
		"Lumora Telecom", "Skylark Mobile", "Vantel", "Ondra Networks", "Carrowlink",
	},
	"pharma": {
		"Sablewood Pharmaceuticals", "Meridale Therapeutics", "Orrin Biosciences",
		"Castellan Health", "Vireo Labs",
	},
	"mobility": {
		"Drivewise Mobility", "Autara", "Pathline Robotics", "Kinetra", "Roamwell",
	},
	"startup": {
		"Fernlight", "Quaystack", "Birchpoint Labs", "Mossgrove", "Pike & Plover Analytics",
		"Tallowbird", "Greenhaven Grid", "Orbitwell",
	},
}

var teamSuffixes = []string{
	"Rovers", "Mariners", "Wanderers", "Harriers", "Athletic", "Rangers", "Town", "Corinthians",
}

var institutionPatterns = []string{
	"the University of {place}", "{place} University", "the University of {place}",
}

// synonyms are small interchangeable phrases; each article draws its own,
// so outlets covering the same event do not read alike.
var synonyms = map[string][]string{
	"officials": {"officials", "authorities", "local officials"},
	"announced": {"announced", "confirmed", "said"},
	"about":     {"about", "roughly", "around", "some"},
	"said":      {"said", "told reporters", "said in a statement"},
	"week":      {"this week", "earlier this week", "in recent days"},
	"major":     {"major", "significant", "substantial"},
}
