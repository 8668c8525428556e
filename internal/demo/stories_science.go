package demo

func scienceArchetypes() []archetype {
	dig := archetype{
		category:   "Science",
		role:       "Professor",
		expertRole: "an independent archaeologist who advises {institution}",
		orgs:       list("the {country} Heritage Board", "the National Monuments Service"),
		things:     list("Harrow Mound", "Kettle Field", "the Seven Stones", "Brinkley Knoll", "Old Ferry Meadow"),
		n:          r2(2500, 7000), n2: r2(40, 400),
		headlines: list(
			"Archaeologists uncover {n}-year-old settlement near {city}",
			"Road works near {city} reveal ancient village and hundreds of artefacts",
			"\"A time capsule\": dig at {thing} stuns researchers",
			"Professor {surname}'s team finds {n2} objects at {thing}",
			"Prehistoric homes found beneath {city} bypass route",
			"Ancient farmers of {region} left tools and jewellery at {thing}, dig shows",
		),
		leads: list(
			"Archaeologists digging ahead of a road project near {city} have found the remains of a settlement {about} {n} years old, including houses, hearths and {n2} objects.",
			"A team led by Professor {person} of {institution} has uncovered what it believes is one of the oldest villages ever found in {region}, at a site known locally as {thing}.",
			"Workers building a bypass around {city} stumbled on post holes and pottery that turned out to be part of a farming settlement dating back {n} years.",
			"The discovery of {n2} tools, beads and pottery fragments at {thing}, near {city}, is forcing historians to rethink when farming reached {region}.",
		),
		facts: list(
			"Radiocarbon tests on charred grain from the site suggest it was occupied about {n} years ago.",
			"The team found the outlines of at least eleven houses, each with a central hearth.",
			"Among the {n2} objects recovered are stone sickles, amber beads and a bone comb.",
			"{Org} has halted work on the bypass for six months so the dig can continue.",
			"Professor {surname} said the settlement appears to have been abandoned suddenly, perhaps after a flood.",
			"The finds will be cleaned and catalogued at {institution} before going on display.",
		),
		quotes: quotes(
			o("It is rare to find a site this complete. We can see where people cooked, slept and stored their grain"),
			o("Every trench we open tells us something we did not know the day before"),
			e("If the dates hold up, this pushes back the story of farming in {region} by several centuries"),
			wq("a digger driver on the bypass crew", "I saw a dark circle in the soil and thought it was an old bonfire. Then they found a second one, and a third"),
			s("Protecting this site matters more than finishing a road a few months early"),
		),
		background: list(
			"Farmland around {city} has yielded scattered finds for more than a century, but no settlement had been located until now.",
			"The bypass was approved two years ago to take lorries away from the narrow centre of {city}.",
		),
		next: list(
			"The excavation will continue through the summer, with open days planned for the public.",
			"Full results will be published in a peer-reviewed journal next year.",
		),
		captions: list("Archaeologists at work at {thing} near {city}.", "Pottery fragments recovered from the dig near {city}."),
	}
	species := archetype{
		category:   "Science",
		role:       "Dr.",
		expertRole: "a conservation biologist at {institution}",
		orgs:       list("the {country} Natural History Museum", "the {region} Wildlife Trust"),
		things:     list("glass frog", "cave beetle", "freshwater crab", "gecko", "leaf-nosed bat", "dragonfly"),
		n:          r2(9, 60), n2: r2(4, 14),
		headlines: list(
			"New species of {thing} discovered in the forests of {region}",
			"Scientists name a {thing} never seen before, found near {city}",
			"Expedition from {institution} finds {n2} species new to science",
			"Tiny {thing} found in {region} is a new species, researchers say",
			"\"We nearly missed it\": how Dr. {surname} found a new {thing}",
			"A new {thing}, and a warning about the vanishing forests of {region}",
		),
		leads: list(
			"Biologists working in the hill forests of {region} have described a {thing} unknown to science, one of {n2} new species recorded during a month-long expedition.",
			"A {thing} first spotted on a night survey near {city} has been confirmed as a new species by researchers at {institution}.",
			"Dr. {person} and a team from {institution} have named a new species of {thing} after finding it in a patch of forest near {city}.",
			"A month-long expedition to {region} has produced {n2} species new to science, including a small {thing} that researchers say may already be endangered.",
		),
		facts: list(
			"The team recorded only {n} individuals, all within a few square kilometres of forest.",
			"DNA tests showed that its closest relatives live hundreds of kilometres away.",
			"The findings were published in a scientific journal after two years of analysis.",
			"{Org} helped fund the expedition and will hold specimens in its collection.",
			"Logging and new farms have cleared about a third of the forest in the area over the past twenty years.",
			"The researchers said local guides had long known the animal, but it had never been formally described.",
		),
		quotes: quotes(
			o("We nearly walked past it. It was sitting on a leaf no bigger than my thumbnail"),
			o("Describing a species is the first step. You cannot protect something that officially does not exist"),
			e("Finding a new {thing} in a forest that is shrinking this fast is both exciting and alarming"),
			wq("a local guide from {city}", "My grandfather had a name for it. Now the scientists have one too"),
			s("Specimens from this expedition will be studied for decades to come"),
		),
		background: list(
			"The forests of {region} are among the least studied in {country}, in part because many areas can only be reached on foot.",
			"Scientists estimate that most species on Earth have yet to be formally described.",
		),
		next: list(
			"The team plans to return next year to survey neighbouring valleys.",
			"The researchers will recommend that the species be listed as endangered.",
		),
		captions: list("The newly described {thing} photographed near {city}.", "Forest in {region} where the {thing} was found."),
	}
	satellite := archetype{
		category:   "Science",
		role:       "Mission Director",
		expertRole: "an oceanographer at {institution}",
		orgs:       list("the {country} Space Agency", "the {country} Earth Observation Office"),
		things:     list("Halcyon-2", "Tidewatch", "Aquila Sea", "Aster-5", "Saltglass"),
		n:          r2(500, 1300), n2: r2(3, 9), m: r2(90, 600),
		headlines: list(
			"{Country} launches {thing} climate satellite from {city}",
			"{Thing} reaches orbit, beginning {n2}-year mission to watch the oceans",
			"Lift-off: ${m} million satellite {thing} on its way",
			"\"Perfect launch\" for {thing} after two delays",
			"New eye in the sky: what {thing} will tell us about sea levels",
			"{City} spaceport sends {thing} into orbit",
		),
		leads: list(
			"{Org} launched the {thing} satellite from its spaceport near {city}, sending a ${m} million instrument into orbit to measure sea levels and ocean temperature.",
			"After two weather delays, the {thing} satellite lifted off from {city} and reached an orbit {n} kilometres above the Earth, mission controllers said.",
			"The {thing} climate satellite is in orbit and sending signals home, {org} said, a few hours after a launch watched by thousands near {city}.",
			"The most ambitious science satellite {country} has built, {thing}, began a {n2}-year mission to track rising seas after a flawless launch from {city}.",
		),
		facts: list(
			"The satellite will circle the Earth at an altitude of about {n} kilometres, passing over the same spot every ten days.",
			"Its radar can measure the height of the sea surface to within a few centimetres.",
			"The mission is expected to last {n2} years and cost ${m} million, including the launch.",
			"The launch had been postponed twice because of high winds over the spaceport.",
			"{Role} {person} said the first scientific data should arrive within six weeks.",
			"Data from {thing} will be made freely available to researchers around the world.",
		),
		quotes: quotes(
			o("The first signal came in right on time. I think everyone in the room stopped breathing for a second"),
			o("This satellite will tell us, centimetre by centimetre, how our coastlines are changing"),
			e("Long, unbroken records are what matter in climate science, and this mission keeps the record going"),
			wq("a teacher who brought her class to watch the launch", "The children screamed when it lifted off. A few of them want to be engineers now"),
			s("The satellite is healthy, its solar panels have deployed and it is talking to us"),
		),
		background: list(
			"{Thing} replaces an older satellite that has been operating for more than a decade beyond its planned life.",
			"The spaceport near {city} opened five years ago and has hosted a dozen launches.",
		),
		next: list(
			"Engineers will spend the next two months testing the instruments before science operations begin.",
			"A sister satellite is due to launch in three years.",
		),
		captions: list("The rocket carrying {thing} lifts off near {city}.", "Engineers prepare {thing} before launch."),
	}
	return []archetype{dig, species, satellite}
}
