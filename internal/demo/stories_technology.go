package demo

func technologyArchetypes() []archetype {
	breach := archetype{
		category:   "Technology",
		role:       "Chief Executive",
		expertRole: "a security researcher at {institution}",
		orgs:       list("the {country} Data Protection Authority", "the National Cyber Security Office"),
		companies:  "consumer",
		things:     list("online pharmacy", "ticketing platform", "mobile bank", "fashion retailer", "food delivery service"),
		n:          r2(120000, 9000000), n2: r2(10, 90), m: r2(5, 90),
		headlines: list(
			"{Company} says hackers stole data on {n} customers",
			"Data breach at {company} exposes names, addresses and card details",
			"{Company} breach went unnoticed for {n2} days, regulator told",
			"Customers angry as {thing} {company} admits cyberattack",
			"Regulator opens inquiry into {company} after huge data leak",
			"Hack at {company}: what customers should do now",
		),
		leads: list(
			"{Company}, the {thing}, said hackers had stolen personal information belonging to {n} customers, including names, home addresses and partial card numbers.",
			"Criminals had access to the systems of {company} for {n2} days before the breach was discovered, the company told regulators in {country}.",
			"{Org} opened an investigation into {company} after the {thing} disclosed a cyberattack affecting {n} accounts.",
			"Customers of {company} were urged to change their passwords after the company admitted that a database containing {n} records had been copied by an unknown group.",
		),
		facts: list(
			"The company said the attackers got in through an old server that should have been switched off during a system upgrade.",
			"The breach went undetected for {n2} days and was spotted by an outside security firm, not by the company itself.",
			"Full card numbers and passwords were not taken, {company} said, but email addresses and dates of birth were.",
			"Under the data protection law of {country}, the company could face fines of up to ${m} million.",
			"{Role} {person} apologised to customers and said {company} would pay for a year of credit monitoring.",
			"A group claiming responsibility posted a sample of the data on an online forum and demanded a ransom.",
		),
		quotes: quotes(
			o("We let our customers down, and I am sorry. We are working around the clock to make sure this cannot happen again"),
			o("We have not paid any ransom and we will not"),
			e("A forgotten server is the oldest story in this business. It is almost always the machine nobody remembered to switch off"),
			wq("a customer from {city}", "I found out from a news alert, not from the company. That tells you everything"),
			s("We have asked the company for a full account of what happened and when it knew"),
		),
		background: list(
			"{Company} is one of the largest companies of its kind in {country}, with offices in {city} and {city2}.",
			"It is the third major data breach at a company in {country} this year.",
		),
		next: list(
			"The company said it would write to every affected customer by the end of the week.",
			"{Org} is expected to publish initial findings within three months.",
		),
		captions: list("The offices of {company} in {city}.", "A customer checks an account on a phone in {city}."),
	}
	robobus := archetype{
		category:   "Technology",
		role:       "Transport Commissioner",
		expertRole: "a transport engineer at {institution}",
		orgs:       list("the {country} Road Safety Council", "the {region} Transport Authority"),
		companies:  "mobility",
		things:     list("Harbourside Loop", "Old Town Circular", "Station Line", "Riverside Link", "Hospital Shuttle"),
		n:          r2(2000, 9000), n2: r2(4, 15), m: r2(3, 40),
		headlines: list(
			"Driverless buses hit the streets of {city} in {company} trial",
			"{City} becomes first town in {country} to run self-driving buses",
			"Ride along: the autonomous shuttle from {company} takes on {city} traffic",
			"{N} passengers ride {city}'s driverless buses in first week",
			"Self-driving bus trial begins on {city}'s {thing}",
			"Safety drivers, sensors and sceptics: {city}'s robot bus experiment",
		),
		leads: list(
			"Self-driving buses built by {company} began carrying passengers along {city}'s {thing}, a {n2}-kilometre route through the town centre.",
			"{City} has become the first town in {country} to let autonomous buses carry paying passengers, in a ${m} million trial run with {company}.",
			"Passengers boarding buses on the {thing} in {city} may notice something missing: the driver. A trial of self-driving vehicles from {company} is under way.",
			"More than {n} people rode {city}'s new driverless shuttles during their first week, transport officials said, as a closely watched trial got going.",
		),
		facts: list(
			"Each bus carries up to twenty passengers and travels at no more than 30 kilometres an hour.",
			"A safety attendant rides on every trip and can stop the vehicle with an emergency button.",
			"The trial is costing ${m} million, with half paid by the national transport ministry.",
			"The route runs for {n2} kilometres between the railway station and the hospital.",
			"{Role} {person} said the city would decide after twelve months whether to expand the service.",
			"Bus drivers' unions have criticised the project, saying it threatens jobs.",
		),
		quotes: quotes(
			o("We are not replacing anyone. We are testing whether this technology can fill gaps at night and early in the morning"),
			o("If it works here, on narrow old streets in the rain, it will work almost anywhere"),
			e("The hard part is not the motorway. It is the cyclist who swerves and the delivery van parked on the corner"),
			wq("a pensioner who rides the route every day", "It brakes a bit early, like a nervous learner. But it was on time, which is more than I can say for the old bus"),
			s("Every journey is logged and reviewed. We will publish the data at the end of the trial"),
		),
		background: list(
			"{Company} has tested similar vehicles on private campuses but never before on public roads in {country}.",
			"{City} has struggled to recruit enough bus drivers, and several routes were cut last year.",
		),
		next: list(
			"A second route to the university campus could open next spring if the trial goes well.",
			"The first safety report is due in three months.",
		),
		captions: list("A driverless shuttle on the {thing} in {city}.", "Passengers board a self-driving bus in {city}."),
	}
	outage := archetype{
		category:   "Technology",
		role:       "Chief Technology Officer",
		expertRole: "a network engineer at {institution}",
		orgs:       list("the {country} Communications Regulator", "the Office of Telecommunications"),
		companies:  "telecom",
		n:          r2(500000, 6000000), n2: r2(5, 19), m: r2(8, 60),
		headlines: list(
			"{Company} outage leaves {n} customers without mobile service",
			"Phones go dark across {country} as {company} network fails for {n2} hours",
			"{Company} blames faulty software update for nationwide outage",
			"Emergency calls disrupted as {company} network collapses",
			"Regulator demands answers after {company} blackout",
			"{Company} to compensate customers after {n2}-hour outage",
		),
		leads: list(
			"Millions of mobile phone users in {country} lost service for up to {n2} hours after a failure on the network of {company}, one of the worst outages the country has seen.",
			"{Company} said a faulty software update caused an outage that left {n} customers unable to make calls, send messages or use mobile data.",
			"Card machines, taxi apps and some emergency calls stopped working across {country} as the {company} network went down for most of the day.",
			"{Org} has demanded a full report from {company} after an outage knocked {n} customers offline for {n2} hours.",
		),
		facts: list(
			"The outage began just after five in the morning and service was restored gradually through the afternoon.",
			"Some callers in {city} were unable to reach emergency services and were told to use landlines or other networks.",
			"{Company} said the problem was caused by a software update to its core network, not by a cyberattack.",
			"The company said customers would receive a credit on their next bill, at a cost it estimated at ${m} million.",
			"Shops and cafés in {city} reported card payment failures because their terminals rely on the {company} network.",
			"{Role} {person} said the update had passed testing but behaved differently on the live network.",
		),
		quotes: quotes(
			o("This should not have happened, and we are deeply sorry. We are changing how updates are rolled out"),
			o("There was no attack and no customer data was affected"),
			e("Networks are built with backups, but a bad update can copy itself onto the backups too"),
			wq("a taxi driver in {city}", "No app, no card payments, no calls. I sat at the rank for three hours and then went home"),
			s("We expect a full account from {company}, including why emergency calls were affected"),
		),
		background: list(
			"{Company} is the largest mobile operator in {country}, with about half of all subscribers.",
			"A smaller outage at the same company two years ago lasted about three hours.",
		),
		next: list(
			"{Org} said it would decide within weeks whether to open a formal investigation.",
			"{Company} said it would publish a technical report on the outage next month.",
		),
		captions: list("A mobile phone mast operated by {company} near {city}.", "A closed card terminal at a shop in {city} during the outage."),
	}
	return []archetype{breach, robobus, outage}
}
