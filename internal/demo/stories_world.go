package demo

func worldArchetypes() []archetype {
	storm := archetype{
		category:   "World",
		role:       "Mayor",
		expertRole: "a hydrologist at {institution}",
		orgs:       list("the {region} Emergency Management Agency", "the {country} Meteorological Office"),
		things:     list("Isolde", "Bertram", "Corvina", "Ottilie", "Fenwick", "Marisande", "Hollis", "Petrona"),
		n:          r2(4000, 40000), n2: r2(300, 3000), m: r2(20, 300), p: r2(120, 260),
		headlines: list(
			"Storm {thing} floods {city}, leaving {n} homes without power",
			"{City} counts the cost as Storm {thing} sweeps through {region}",
			"Thousands evacuated as record rain swamps {city}",
			"Mayor {surname} declares emergency after Storm {thing} hits {city}",
			"Floodwaters cut off parts of {city}; {n2} residents moved to shelters",
			"\"We lost everything\": {city} wades through Storm {thing}'s aftermath",
		),
		leads: list(
			"Storm {thing} dumped {p} millimetres of rain on {city} in less than a day, flooding low-lying streets and cutting power to {about} {n} homes, {officials} said.",
			"Emergency crews in {city} spent the night pulling stranded drivers from flooded roads after Storm {thing} stalled over {region}, the worst downpour the area has seen in decades.",
			"{Officials} in {city} declared a state of emergency as Storm {thing} sent rivers over their banks, forcing {n2} residents from their homes.",
			"The river that runs through the centre of {city} burst its banks after Storm {thing} brought {p} millimetres of rain, leaving whole neighbourhoods under water.",
		),
		facts: list(
			"Power was out for {n} homes and businesses by the evening, according to the regional grid operator.",
			"{Role} {person} said {n2} people had been moved to emergency shelters set up in schools and sports halls.",
			"Early estimates put the damage at ${m} million, though {officials} cautioned that the figure could rise once the water recedes.",
			"{Org} had issued its highest warning level two days before the storm arrived.",
			"Rail services between {city} and {city2} were suspended after a section of track was washed away.",
			"No deaths had been reported, but several people were treated in hospital for hypothermia and minor injuries.",
		),
		quotes: quotes(
			o("Our first job is to make sure everyone is safe and dry tonight. The rebuilding comes after that"),
			o("I have asked the national government for emergency funds, and I expect an answer within days"),
			e("The ground was already saturated after a wet autumn, so there was nowhere for this water to go"),
			e("We are seeing storms like this more often, and the drains in older towns were never built for them"),
			wq("a café owner on the waterfront", "The water came up through the floor in about twenty minutes. We grabbed the children and left"),
			wq("a retired postman", "I have lived on this street for forty years and I have never seen anything like it"),
			s("Crews will keep working through the night to restore power, starting with hospitals and care homes"),
		),
		background: list(
			"{City} sits on a flood plain where two rivers meet, and parts of the town have flooded three times in the past decade.",
			"A flood barrier promised for the waterfront in {city} has been delayed for years by disputes over its cost.",
		),
		next: list(
			"Forecasters expect drier weather from the weekend, but warned that river levels could stay high for several days.",
			"{Role} {surname} said a full damage assessment would be presented to the city council next week.",
		),
		captions: list("Residents wade through a flooded street in {city}.", "Emergency crews pump water from homes near the river in {city}."),
	}
	treaty := archetype{
		category:   "World",
		role:       "Foreign Minister",
		expertRole: "a specialist in water diplomacy at {institution}",
		orgs:       list("the Continental Water Council", "the Northern Rivers Commission"),
		things:     list("Sarrow", "Vell", "Ammerlin", "Tessel", "Orrow", "Kaldbeck"),
		n:          r2(300, 900), n2: r2(3, 12), m: r2(100, 900), p: r2(42, 58),
		headlines: list(
			"{Country} and {country2} sign water-sharing accord in {city}",
			"Neighbours {country} and {country2} end decades-long dispute over the {thing} River",
			"Landmark {thing} River treaty agreed after talks in {city}",
			"Foreign Minister {surname} hails \"new chapter\" with {country2}",
			"{Country2} and {country} agree to share the {thing}, reopen {n2} border crossings",
			"Deal on the {thing} River brings {country} and {country2} back from the brink",
		),
		leads: list(
			"{Country} and {country2} signed an agreement in {city} on sharing the waters of the {thing} River, settling a dispute that has soured relations between the neighbours for more than thirty years.",
			"After eleven days of talks in {city}, negotiators from {country} and {country2} {announced} a treaty dividing the flow of the {thing} River and reopening {n2} border crossings.",
			"Foreign Minister {person} of {country} put pen to paper in {city} on a treaty with {country2} that splits the waters of the {thing} River roughly in half.",
			"A long-running quarrel over the {thing} River came to an end in {city} as {country} and {country2} agreed to share its water and jointly fund a ${m} million monitoring network.",
		),
		facts: list(
			"Under the deal, {country} will receive {p} percent of the river's flow during the dry season, with the rest going to {country2}.",
			"The two governments will put ${m} million into a joint network of gauges and reservoirs along the {n}-kilometre river.",
			"The agreement also reopens {n2} border crossings that have been closed since the last flare-up in tensions.",
			"The talks were brokered by {org}, which will oversee the new monitoring network.",
			"Farmers on both sides of the border have complained for years that upstream dams left their fields dry in summer.",
			"The treaty must still be ratified by the parliaments of both countries, where opposition parties have voiced doubts.",
		),
		quotes: quotes(
			o("This is a new chapter. Our grandchildren will not have to fight over this river"),
			o("Nobody got everything they wanted, which is usually the sign of a fair agreement"),
			e("The hard part starts now. Treaties like this live or die on whether both sides trust the monitoring data"),
			wq("a rice farmer near the border", "If the water really comes in August, it changes everything for us"),
			s("Both delegations showed real courage in the final days of the talks"),
		),
		background: list(
			"The {thing} rises in the mountains of {country2} and flows for {n} kilometres before reaching the sea on the coast of {country}.",
			"A dam built upstream in the 1990s triggered the dispute, and talks collapsed twice in the past decade.",
		),
		next: list(
			"Both parliaments are expected to vote on the treaty before the end of the year.",
			"The first joint inspection of the river is planned for the spring, {officials} said.",
		),
		captions: list("Delegations from {country} and {country2} at the signing ceremony in {city}.", "The {thing} River on the border between {country} and {country2}."),
	}
	ship := archetype{
		category:   "World",
		role:       "Harbour Master",
		expertRole: "a marine biologist at {institution}",
		orgs:       list("the {country} Coast Guard", "the {region} Maritime Rescue Centre"),
		things:     list("Corran Star", "Helga Margarethe", "Pacific Ember", "Nordvik Trader", "Saltmarsh Spirit", "Aurelia Dawn"),
		n:          r2(12, 28), n2: r2(200, 1500), m: r2(150, 900), p: r2(70, 120),
		headlines: list(
			"Cargo ship {thing} runs aground off {city}; all {n} crew rescued",
			"Helicopters pluck {n} sailors from stricken freighter near {city}",
			"Fuel leak fears after the {thing} grounds on rocks outside {city} harbour",
			"Coast guard races to secure the {thing} as storm pins ship off {region}",
			"Stranded freighter {thing}: what we know about the {city} grounding",
			"{City} braces for oil spill as salvage crews reach the {thing}",
		),
		leads: list(
			"All {n} crew members of the cargo ship {thing} were lifted to safety after the vessel ran aground on rocks outside {city} harbour in winds gusting to {p} kilometres an hour.",
			"A freighter carrying {n2} containers struck a reef off {city} before dawn, prompting a rescue operation that lasted most of the morning, {org} said.",
			"Salvage teams were trying to stop fuel leaking from the {thing}, a cargo ship that grounded near {city} with {m} tonnes of heavy oil in its tanks.",
			"Rescue helicopters winched {n} sailors off the deck of the {thing} after the ship lost power and drifted onto rocks near the entrance to {city}'s harbour.",
		),
		facts: list(
			"The ship was travelling from {city2} to a port in {country2} when its engines failed.",
			"It was carrying {n2} containers, some of which have fallen into the sea and begun washing up on nearby beaches.",
			"The vessel's tanks hold {about} {m} tonnes of fuel oil, and a thin sheen has been spotted on the water around the hull.",
			"{Org} said two crew members were treated for minor injuries and the rest were in good health.",
			"Fishing boats have been ordered to stay at least two nautical miles from the wreck.",
			"{Role} {person} said the harbour would stay open but that larger ships would be guided in only in daylight.",
		),
		quotes: quotes(
			o("The crew did everything right. They raised the alarm early and that gave us time"),
			o("Our priority now is the fuel. Every hour we can keep it inside the hull matters"),
			e("These waters are a nursery for seabirds and shellfish, so even a modest spill would do lasting harm"),
			wq("a fisherman who watched from the quay", "You could hear the hull grinding on the rocks from the harbour wall. It was an awful sound"),
			s("Salvage experts will begin pumping fuel from the ship as soon as the weather allows"),
		),
		background: list(
			"The rocks at the mouth of {city}'s harbour have claimed several ships over the past century, and local pilots have long called for better warning lights.",
			"The {thing} was built eighteen years ago and passed its last safety inspection in the spring, according to shipping records.",
		),
		next: list(
			"Maritime authorities in {country} have opened an investigation into the engine failure.",
			"Salvage crews hope to refloat the ship on a high tide later this week.",
		),
		captions: list("The cargo ship {thing} aground off {city}.", "A rescue helicopter over the {thing} near {city}."),
	}
	return []archetype{storm, treaty, ship}
}
