package entities

// The word lists below are the structural evidence the extractor reads.
// They are English-centric on purpose: newsdesk's sources are mostly
// English, and in another language the lists simply find less.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// stopwords are capitalized only because they start a sentence or a
// headline; they never begin or make up a name.
var stopwords = set(
	"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We",
	"I", "You", "Our", "Their", "His", "Her", "My", "Your", "Us", "Them", "In", "On", "At", "By",
	"For", "From", "With", "Without", "After", "Before", "During", "As", "But", "And", "Or",
	"If", "When", "While", "Where", "What", "Who", "Why", "How", "There", "Here", "Some",
	"Many", "Most", "All", "No", "Not", "Yes", "Also", "Still", "Yet", "So", "Then", "Now",
	"Today", "Yesterday", "Tomorrow", "Tonight", "Last", "Next", "Earlier", "Later", "Meanwhile",
	"However", "According", "Every", "Each", "Both", "Neither", "Either", "Once", "Since",
	"Until", "Although", "Though", "Because", "Despite", "Over", "Under", "About", "More",
	"Less", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
	"First", "Second", "Third", "Other", "Another", "Such", "Even", "Only", "Just", "Like",
	"Do", "Does", "Did", "Is", "Are", "Was", "Were", "Will", "Would", "Can", "Could",
	"Should", "May", "Might", "Must", "Has", "Have", "Had", "Be", "Been", "To", "Of", "Into",
	"Through", "Against", "Between", "Among", "Around", "Across", "Near", "Outside", "Inside",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"January", "February", "March", "April", "June", "July", "August", "September",
	"October", "November", "December", "Photo", "Credit", "Read", "Watch", "Update",
	"Breaking", "Exclusive", "Analysis", "Opinion", "Editorial", "Live", "Video", "Advertisement",
	"Yes", "OK", "Oh", "Please", "Thank", "Thanks", "Hello",
)

// calendar words are capitalized but name no entity on their own; inside
// a name they may continue it ("Southwold March"), never start it.
var calendarWords = set("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday", "January", "February", "March", "April", "June", "July", "August", "September",
	"October", "November", "December")

// honorifics introduce a person's name: "Ms Okafor", "President Vasko".
var honorifics = set(
	"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
	"President", "Minister", "Premier", "Chancellor", "Senator", "Sen", "Governor", "Gov",
	"Mayor", "Judge", "Justice", "Gen", "Colonel", "Col", "Captain", "Capt", "Sergeant", "Sgt",
	"Lieutenant", "Lt", "Admiral", "King", "Queen", "Prince", "Princess", "Pope", "Bishop",
	"Archbishop", "Rev", "Reverend", "Father", "Coach", "Manager", "Chairman", "Chairwoman",
	"Chair", "CEO", "Secretary", "Ambassador", "Commissioner", "Inspector", "Detective",
	"Councillor", "Councilman", "Councilwoman", "Rep", "Representative", "Speaker", "Sheikh",
	"Imam", "Rabbi", "Officer", "Constable", "Superintendent", "Director", "Dean", "Emperor",
	"Sultan", "Emir", "Crown", "Executive", "Master", "Editor", "Curator", "Principal", "Warden",
	"Marshal", "Spokesperson", "Spokesman", "Spokeswoman", "Producer", "Conductor", "Captain",
)

// titleModifiers qualify an honorific ("Foreign Minister", "Deputy Mayor")
// and belong to the title, not to the name that follows.
var titleModifiers = set(
	"Prime", "Foreign", "Finance", "Deputy", "Vice", "Health", "Interior", "Defence", "Defense",
	"Trade", "Economy", "Education", "Energy", "Home", "Chief", "Executive", "Head", "Former",
	"Acting", "Interim", "Assistant", "Associate", "Senior", "General", "Attorney", "State",
	"Culture", "Environment", "Transport", "Justice", "Labour", "Labor", "Agriculture",
	"Sports", "Housing", "Science", "Technology", "Managing", "Police", "Team", "Head",
	"Lord", "Grand", "Supreme", "First", "Opposition", "Party", "Junior", "Mr", "Ms", "Dr",
	"Medical", "Harbour", "Harbor", "Fire", "Financial", "Operating", "Technical", "Scientific",
	"Public", "Aid", "Infrastructure", "Creative", "Artistic", "Festival", "Club", "Port",
)

// orgKeywords mark a name as an organization wherever they occur in it
// ("Halvorsen Group", "Ministry of Health", "Kessling Rovers").
var orgKeywords = set(
	"Inc", "Ltd", "Corp", "Corporation", "Co", "LLC", "PLC", "plc", "AG", "GmbH", "SA", "NV",
	"Group", "Holdings", "Industries", "Partners", "Company", "Bank", "Ministry", "Department",
	"Council", "Agency", "University", "College", "School", "Institute", "Party", "Association",
	"Federation", "Union", "Commission", "Committee", "Authority", "Board", "Office", "Service",
	"Trust", "Foundation", "Society", "Court", "Parliament", "Assembly", "Senate", "Police",
	"Army", "Navy", "Guard", "Museum", "Gallery", "Festival", "Hospital", "Hospitals", "Clinic",
	"Labs", "Laboratories", "Systems", "Technologies", "Networks", "Telecom", "Mobile",
	"Energy", "Motors", "Airlines", "Airways", "Pharmaceuticals", "Therapeutics",
	"Biosciences", "Health", "Capital", "Securities", "Brokers", "Insurance", "Media",
	"News", "Times", "Post", "Press", "Herald", "Journal", "Ledger", "Gazette", "Tribune",
	"Construction", "Builders", "Engineering", "Contractors", "Infrastructure", "Robotics",
	"Mobility", "Analytics", "Electric", "Industrial", "Thermal", "Works", "Grid",
	"FC", "United", "Rovers", "Wanderers", "Rangers", "Athletic", "Harriers", "Mariners",
	"Corinthians", "Town", "Club", "League", "Centre", "Center", "Prize", "Unit", "Organization",
	"Organisation", "Fund", "Forum", "Alliance", "Coalition", "Movement", "Front", "Church",
	"Cabinet", "Tribunal", "Regulator", "Exchange", "Group's",
)

// placeCues precede a place: "in Kessling", "from Lagos".
var placeCues = set("in", "at", "from", "near", "outside", "across", "around", "to", "towards",
	"toward", "via", "into", "between", "throughout", "off", "over", "visit", "visited", "beyond")

// personCues follow a person's name: "Okafor said".
var personCues = set("said", "says", "told", "added", "explained", "argued", "warned", "wrote",
	"insisted", "recalled", "admitted", "noted", "replied", "asked", "urged", "who")

// saidCues precede a person's name: "said Okafor".
var saidCues = set("said", "says", "told", "added", "according")

// connectors may join the parts of one name: "Bank of Arvenia",
// "Charles de Gaulle", "Ostrander & Pike".
var connectors = set("of", "de", "del", "della", "di", "da", "du", "van", "von", "der", "den",
	"la", "le", "y", "&", "bin", "ibn", "al", "el", "for", "on", "upon")
