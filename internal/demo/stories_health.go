package demo

func healthArchetypes() []archetype {
	outbreak := archetype{
		category:   "Health",
		role:       "Chief Medical Officer",
		expertRole: "an epidemiologist at {institution}",
		orgs:       list("the {region} Public Health Service", "the {city} Health Protection Unit"),
		things:     list("Eastbank district", "Millrace quarter", "harbour district", "northern suburbs", "Old Quay neighbourhood"),
		n:          r2(200, 900), n2: r2(8, 45),
		headlines: list(
			"Hundreds fall ill in {city} as water supply is contaminated",
			"Boil-water notice for {city} after {n} people fall sick",
			"Health officials trace {city} outbreak to cracked sewer near reservoir",
			"{N2} in hospital as stomach bug sweeps {city}'s {thing}",
			"\"Do not drink the tap water\": {city} outbreak widens",
			"Chief Medical Officer {surname} urges calm over {city} illness",
		),
		leads: list(
			"More than {n} people in {city} have fallen ill with vomiting and diarrhoea after sewage leaked into part of the town's water supply, health {officials} said.",
			"Residents of the {thing} in {city} were told to boil their tap water after an outbreak of stomach illness sent {n2} people to hospital.",
			"{Org} has traced an outbreak of gastroenteritis in {city} to a cracked sewer pipe near a reservoir, and warned households to boil water until further notice.",
			"Schools in {city} reported empty classrooms as an outbreak linked to contaminated tap water spread to {n} confirmed cases.",
		),
		facts: list(
			"{N2} people, most of them elderly or very young, have been admitted to hospital, and all are said to be in stable condition.",
			"Tests found bacteria in water samples taken from homes in the {thing}.",
			"The water company began flushing pipes and adding extra chlorine to the network.",
			"Bottled water is being handed out at three sports centres in {city}.",
			"{Role} {person} said new cases appeared to be slowing.",
			"The boil-water notice covers about 40,000 households.",
		),
		quotes: quotes(
			o("Boiling water for one minute kills the bacteria. If everyone does that, this outbreak will end quickly"),
			o("We are seeing fewer new cases each day, which tells us the measures are working"),
			e("Water-borne outbreaks can look alarming, but they are usually controlled quickly once the source is found"),
			wq("a mother of three in the {thing}", "All three children were sick in one night. We thought it was something they ate"),
			s("Extra staff are answering calls from worried residents around the clock"),
		),
		background: list(
			"The water pipes of {city} are among the oldest in {region}, and repairs have been delayed by budget cuts.",
			"A smaller outbreak was recorded in {city2} five years ago after heavy rains.",
		),
		next: list(
			"{Officials} said the boil-water notice would stay in place until two rounds of clean tests are recorded.",
			"An inquiry will examine how the sewer pipe came to crack.",
		),
		captions: list("Residents collect bottled water in {city}.", "A water treatment works serving {city}."),
	}
	hospital := archetype{
		category:   "Health",
		role:       "Health Minister",
		expertRole: "a health economist at {institution}",
		orgs:       list("the {region} Health Board", "the {city} Hospitals Trust"),
		things:     list("Riverside General Hospital", "Queen Almira Hospital", "St Brenna's Hospital", "Northgate Medical Centre", "Lakeshore Regional Hospital"),
		n:          r2(200, 700), n2: r2(800, 3000), m: r2(200, 900), p: r2(10, 30),
		headlines: list(
			"{Thing} opens in {city} with {n} beds",
			"${m} million hospital welcomes first patients in {city}",
			"{City} gets its new hospital, six years after the promise",
			"Health Minister {surname} opens {thing}, vowing shorter waits",
			"{N2} staff, {n} beds: inside the new {thing} in {city}",
			"New {city} hospital aims to cut waiting lists by {p} percent",
		),
		leads: list(
			"The {thing} opened its doors in {city}, giving the region {n} new beds and an emergency department twice the size of the one it replaces.",
			"Patients began arriving at the ${m} million {thing} in {city}, a project first promised six years ago and delayed by rising building costs.",
			"Health Minister {person} cut the ribbon at the {thing} in {city}, saying the hospital would cut waiting lists in {region} by {p} percent.",
			"After years of delays, the new hospital in {city} is open. The {thing} has {n} beds and will employ {about} {n2} people.",
		),
		facts: list(
			"The hospital has {n} beds, including a cancer unit and a maternity ward.",
			"It will employ about {n2} doctors, nurses and support staff, many transferring from older buildings that will close.",
			"Construction cost ${m} million, well above the original estimate.",
			"Patients will be moved from the old hospital over three weekends, starting with the children's ward.",
			"Unions have warned that the region is still short of nurses to staff the new wards.",
			"The building runs largely on heat pumps and solar panels, according to {org}.",
		),
		quotes: quotes(
			o("This hospital is a promise kept, even if it took longer than anyone wanted"),
			o("More beds mean shorter waits, and shorter waits save lives"),
			e("Buildings are the easy part. Staffing the wards is the real test"),
			wq("a nurse who worked at the old hospital for twenty years", "In the old building we had patients on trolleys in the corridors. Here every patient has a room and a window"),
			s("The move will be carefully phased so that no patient's care is interrupted"),
		),
		background: list(
			"The old hospital in {city} was built in the 1960s and has struggled with leaking roofs and outdated wards.",
			"Building costs across {country} have risen sharply, delaying several public projects.",
		),
		next: list(
			"The emergency department will begin taking ambulances at the end of the month.",
			"The old hospital site will be turned into housing, the council has said.",
		),
		captions: list("The entrance of the new {thing} in {city}.", "A ward at the {thing} on its opening day."),
	}
	trial := archetype{
		category:   "Health",
		role:       "Dr.",
		expertRole: "a cardiologist at {institution}",
		orgs:       list("the {country} Medicines Agency", "the National Drug Evaluation Board"),
		companies:  "pharma",
		things:     list("velorastat", "cardimexin", "lipotrane", "ostravir", "normacept"),
		n:          r2(600, 4000), p: r2(18, 42),
		headlines: list(
			"{Company}'s {thing} cuts heart attack risk by {p} percent in trial",
			"Trial of {n} patients finds new cholesterol drug {thing} works",
			"{Thing}: promising results, but doctors urge caution",
			"Shares in {company} climb after {thing} study succeeds",
			"New heart drug {thing} could reach pharmacies in {country} next year",
			"Dr. {surname}'s {thing} study: what the numbers show",
		),
		leads: list(
			"A cholesterol drug developed by {company} cut the risk of heart attacks and strokes by {p} percent in a trial of {n} patients, researchers reported.",
			"Patients who took {thing}, an experimental pill from {company}, were {p} percent less likely to suffer a heart attack than those on a placebo, according to a large study.",
			"Researchers at {institution} said a new drug called {thing} could change how doctors treat people with dangerously high cholesterol, after a trial involving {n} volunteers.",
			"Shares in {company} rose sharply after the drugmaker said its heart medicine {thing} met its main goal in a late-stage trial.",
		),
		facts: list(
			"The study followed {n} patients in {country} and {country2} for three years.",
			"Those who took {thing} had {p} percent fewer heart attacks, strokes and heart-related deaths than those given a dummy pill.",
			"The most common side effect was muscle pain, reported by a small share of patients.",
			"{Company} said it would apply for approval from {org} before the end of the year.",
			"The trial was led by Dr. {person} of {institution} and paid for by {company}.",
			"The company has not said how much the drug will cost.",
		),
		quotes: quotes(
			o("These are the kind of results you hope for when you start a trial, but rarely see"),
			o("We now need to understand which patients benefit most"),
			e("The results look real, but the trial was funded by the company, and the price will decide who actually gets it"),
			wq("a trial volunteer from {city}", "I joined because my father died of a heart attack at fifty. I wanted to do something"),
			s("We will review the full data carefully once the company applies, as we do for every new medicine"),
		),
		background: list(
			"Heart disease remains the most common cause of death in {country}.",
			"{Company} has spent more than a decade developing {thing}, after earlier drugs of its kind failed.",
		),
		next: list(
			"The full results will be presented at a medical conference next month.",
			"Regulators typically take about a year to review a new medicine.",
		),
		captions: list("Laboratory staff at {company} in {city}.", "Dr. {person} at {institution}."),
	}
	return []archetype{outbreak, hospital, trial}
}
