package demo

func politicsArchetypes() []archetype {
	resignation := archetype{
		category:   "Politics",
		role:       "Infrastructure Minister",
		expertRole: "a political scientist at {institution}",
		orgs:       list("the {country} Audit Office", "the National Audit Court"),
		companies:  "construction",
		n:          r2(6, 30), m: r2(40, 400), p: r2(22, 34),
		headlines: list(
			"{Country}'s infrastructure minister {person} resigns over contracts row",
			"{Surname} quits as audit questions ${m} million in road contracts",
			"Minister steps down after report links {company} deals to party donors",
			"Contracts scandal claims {surname}, the government's first big resignation",
			"Pressure mounts on {country}'s government as {surname} walks out",
			"\"I will clear my name\": {person} resigns amid {company} inquiry",
		),
		leads: list(
			"{Country}'s infrastructure minister, {person}, resigned after an audit found that {n} road-building contracts worth ${m} million had been awarded to {company} without open bidding.",
			"{Person} stepped down as infrastructure minister, saying the controversy over contracts handed to {company} had become a distraction for the government.",
			"The government of {country} lost its infrastructure minister when {person} resigned, hours after {org} published a report criticising how ${m} million in contracts were awarded.",
			"A scandal over public works contracts in {country} claimed its most senior figure as {person} handed a resignation letter to the prime minister.",
		),
		facts: list(
			"The audit found that {company} received {n} contracts over two years, several of them signed days before the company's directors made donations to the governing party.",
			"{Org} said the ministry had failed to keep records explaining why rival bids were rejected.",
			"{Surname} has denied any wrongdoing and said the decisions were taken by civil servants.",
			"Opposition leaders in {city} called for a full public inquiry and for the contracts to be suspended.",
			"{Company} said in a statement that it had won every contract on merit and would cooperate with investigators.",
			"A poll published this month put the government's approval rating at {p} percent, its lowest since the election.",
		),
		quotes: quotes(
			o("I have done nothing wrong, and I intend to prove it. But the government's work cannot wait while I do"),
			o("I am stepping aside so that the inquiry can do its job without any question of interference"),
			e("Resignations like this rarely end a scandal. The question is what the documents show next"),
			e("The party spent months defending the minister, and that has cost it far more than an early resignation would have"),
			wq("an opposition member of parliament for {city}", "The minister has gone, but the contracts are still there. Those deals must be frozen today"),
			s("Our report sets out the facts. It is for others to decide what follows from them"),
		),
		background: list(
			"{Surname} was appointed infrastructure minister three years ago and oversaw an ambitious plan to rebuild the country's motorways.",
			"{Company}, founded in {city} in the 1980s, has grown into one of the largest construction firms in {country}.",
		),
		next: list(
			"The prime minister is expected to name a successor within days.",
			"Parliament's public accounts committee has summoned senior ministry officials to testify next week.",
		),
		captions: list("{Person} leaves the ministry in {city} after announcing the resignation.", "The parliament building in {city}."),
	}
	housing := archetype{
		category:   "Politics",
		role:       "Housing Minister",
		expertRole: "a housing economist at {institution}",
		orgs:       list("the {country} Landlords' Association", "the Federation of Property Owners"),
		things:     list("Fair Rents Act", "Tenancy Protection Act", "Homes for All Act", "Secure Renting Act"),
		n:          r2(160, 220), n2: r2(90, 150), m: r2(2, 9), p: r2(2, 5),
		headlines: list(
			"Parliament passes {thing} by {n} votes to {n2}",
			"{Country} caps rent rises at {p} percent as housing law clears final vote",
			"Landmark {thing} approved after marathon debate",
			"Housing Minister {surname} wins vote on ${m} billion homes plan",
			"Renters win, landlords fume: {country}'s {thing} becomes law",
			"What the {thing} means for tenants in {city} and beyond",
		),
		leads: list(
			"Lawmakers in {country} approved the {thing} by {n} votes to {n2}, capping annual rent increases at {p} percent and committing ${m} billion to new public housing.",
			"After a debate that ran past midnight, parliament passed the {thing}, the government's flagship attempt to tackle soaring rents in {city} and other large cities.",
			"The parliament of {country} gave final approval to a housing law that limits rent rises to {p} percent a year, handing Housing Minister {person} a hard-won victory.",
			"Tenants across {country} will see their rent increases capped under the {thing}, which cleared parliament with a majority of {n} to {n2}.",
		),
		facts: list(
			"The law limits annual rent increases to {p} percent for existing tenancies and requires landlords to give six months' notice of any rise.",
			"It also sets aside ${m} billion over five years to build public housing, with the first projects planned in {city} and {city2}.",
			"Three members of the governing coalition voted against the bill, and several more abstained.",
			"{Org} said the cap would discourage investment and lead to fewer homes for rent.",
			"Average rents in {city} have risen by nearly a third in four years, according to government figures.",
			"The opposition has promised to challenge parts of the law in the constitutional court.",
		),
		quotes: quotes(
			o("For too long, a rent increase letter has been something families dreaded. Today that changes"),
			o("This law is not the end of the housing crisis, but it is the end of doing nothing about it"),
			e("Rent caps protect people who already have a home. The harder question is whether enough new homes get built"),
			wq("a nurse who rents a flat in {city}", "My rent went up by three hundred a month last year. I just want to know what is coming"),
			s("Landlords were not properly consulted, and the result is a law that will shrink the supply of rental homes"),
		),
		background: list(
			"Housing costs have dominated politics in {country} since the last election, when the governing coalition promised to bring rents under control.",
			"An earlier version of the bill was withdrawn last year after objections from coalition partners.",
		),
		next: list(
			"The rent cap will take effect at the start of next month, while the building programme begins in the new year.",
			"The president has fourteen days to sign the bill into law.",
		),
		captions: list("Lawmakers during the debate on the {thing} in {city}.", "Apartment blocks on the edge of {city}."),
	}
	election := archetype{
		category:   "Politics",
		role:       "Mayor-elect",
		expertRole: "a professor of politics at {institution}",
		orgs:       list("the {city} Electoral Commission", "the {region} Board of Elections"),
		things:     list("Civic Renewal Party", "Green Harbour Alliance", "Workers' League", "Liberal Union", "Citizens First"),
		n:          r2(52000, 90000), n2: r2(30000, 50000), p: r2(38, 64),
		headlines: list(
			"{Person} elected mayor of {city} in upset win",
			"{Thing} takes {city} town hall as {surname} beats {othsur}",
			"{City} votes for change: {surname} wins mayoral race with {n} votes",
			"Turnout of {p} percent as {city} picks {person} for mayor",
			"{Othsur} concedes {city} mayoral race after bruising campaign",
			"New mayor {surname} promises buses, bins and budgets for {city}",
		),
		leads: list(
			"{Person} of the {thing} was elected mayor of {city}, winning {n} votes to {n2} for the incumbent, {other}, {org} said.",
			"Voters in {city} ousted their mayor after two terms, handing victory to {person}, a former schoolteacher who campaigned on public transport and rubbish collection.",
			"{Other} conceded defeat in the race for mayor of {city} after results showed a clear win for {person} and the {thing}.",
			"Turnout reached {p} percent in {city}'s mayoral election, the highest in twenty years, as {person} swept to victory with {n} votes.",
		),
		facts: list(
			"{Surname} received {n} votes against {n2} for {othsur}, according to the final count published by {org}.",
			"Turnout was {p} percent, well above the level at the last election.",
			"The {thing} also gained seats on the city council but fell short of an outright majority.",
			"During the campaign, {surname} promised to double the number of night buses and freeze local taxes for two years.",
			"{Othsur} had been mayor for eight years and was seeking a third term.",
			"Counting was delayed for several hours after a recount was ordered in two districts.",
		),
		quotes: quotes(
			o("Tonight {city} chose to look forward. I will be a mayor for every neighbourhood, including the ones that did not vote for me"),
			o("On Monday morning the work starts, and the first thing I want to fix is the buses"),
			e("This was a vote about everyday services, not ideology. Potholes and bus timetables decided it"),
			wq("a shopkeeper in the old town", "I voted for the first time in years. People here wanted someone new"),
			s("The count was completed in line with the law, and every disputed ballot was reviewed by both campaigns"),
		),
		background: list(
			"{City} has struggled with budget shortfalls since its largest employer closed a plant on the edge of town.",
			"The {thing} was founded only four years ago and had never before held a major office in {region}.",
		),
		next: list(
			"{Surname} will be sworn in at the end of the month.",
			"The new council meets for the first time next week to elect committee chairs.",
		),
		captions: list("{Person} celebrates with supporters in {city}.", "Voters queue at a polling station in {city}."),
	}
	return []archetype{resignation, housing, election}
}
