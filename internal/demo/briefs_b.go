package demo

func briefsB() []archetype {
	return []archetype{
		{
			category: "Science", role: "astronomer", expertRole: "an astronomer at {institution}",
			orgs: list("the {city} Astronomical Society"), things: list("Varnell-Osk", "Pellham 4", "Tamsin's Comet", "C/Quarrie"),
			headlines: list("Comet {thing} visible over {region} this week", "How to spot Comet {thing} from {city}", "Stargazers in {region} get a rare comet show"),
			leads: list(
				"Comet {thing} is bright enough to be seen without a telescope from dark places in {region} this week, astronomers say.",
				"Skywatchers near {city} have a rare chance to see a comet with the naked eye as {thing} passes closest to the Sun.",
			),
			facts: list(
				"The comet is best seen low in the western sky about an hour after sunset.",
				"Binoculars will show its faint tail stretching away from the Sun.",
				"{Org} is holding free viewing evenings at the observatory outside {city}.",
				"The comet will not return for several thousand years.",
			),
			quotes: quotes(
				o("Find somewhere away from streetlights, give your eyes twenty minutes, and look west"),
				e("Comets are notoriously unpredictable. This one could brighten further, or fade quickly"),
				wq("an amateur astronomer from {city}", "I have been photographing the sky for thirty years and this is the best comet I have seen"),
			),
			background: list("The comet was discovered last year by an automated survey telescope."),
			next:       list("Clear skies are forecast for most of {region} until the weekend."),
			captions:   list("Comet {thing} photographed above {city}."),
		},
		{
			category: "Science", role: "Professor", expertRole: "a research policy analyst at {institution}",
			orgs: list("the {country} Science Council"), m: r2(20, 120), n: r2(80, 300),
			headlines: list("{City} opens ${m} million battery research centre", "New lab in {city} to study cheaper energy storage", "{N} scientists to work at new {city} research centre"),
			leads: list(
				"A ${m} million research centre dedicated to energy storage opened in {city}, bringing together {n} scientists and engineers.",
				"Researchers in {city} will study cheaper, longer-lasting batteries at a new centre that opened with support from {org}.",
			),
			facts: list(
				"The centre has laboratories for testing new battery chemistries and a small pilot production line.",
				"It is led by Professor {person}, who previously worked on solar materials.",
				"{Org} is providing most of the funding for the first five years.",
				"Several local companies have signed agreements to test their products there.",
			),
			quotes: quotes(
				o("Cheap storage is the missing piece of clean energy. That is what we are here to work on"),
				e("Centres like this succeed when industry and universities share the same building"),
				wq("a doctoral student starting at the centre", "I grew up in {city}. I never thought I could do this kind of work here"),
			),
			background: list("{City} has a long history of chemical manufacturing."),
			next:       list("The first research results are expected within two years."),
			captions:   list("A laboratory at the new research centre in {city}."),
		},
		{
			category: "Health", role: "Public Health Director", expertRole: "a vaccine researcher at {institution}",
			orgs: list("the {region} Health Board"), n: r2(20, 70),
			headlines: list("Flu vaccine clinics open across {city}", "{City} urges over-65s to get flu jabs early", "{N} walk-in flu clinics open in {region}"),
			leads: list(
				"Health officials in {city} opened {n} walk-in clinics offering flu vaccines, urging older people and pregnant women to get protected before winter.",
				"People over 65 in {region} are being asked to get their flu vaccine early after a difficult season in neighbouring {country2}.",
			),
			facts: list(
				"The vaccines are free for people over 65, pregnant women and those with long-term health conditions.",
				"Clinics are open in pharmacies, community centres and some supermarkets.",
				"Public Health Director {person} said uptake last year was lower than hoped.",
				"Children can receive the vaccine as a nasal spray at school.",
			),
			quotes: quotes(
				o("The vaccine takes about two weeks to work, so now is the right time"),
				e("Flu seasons in the southern part of the continent are often a guide to what is coming"),
				wq("a pensioner queuing at a pharmacy in {city}", "It took five minutes. I was in and out before my bus came"),
			),
			background: list("Last winter, flu admissions in {region} peaked in late January."),
			next:       list("The clinics will stay open until the end of the year."),
			captions:   list("A pharmacist gives a flu vaccine in {city}."),
		},
		{
			category: "Health", role: "Dr.", expertRole: "a sleep researcher at {institution}",
			n: r2(2000, 9000), p: r2(9, 21),
			headlines: list("People near parks sleep better, {city} study finds", "Green spaces linked to longer sleep in {institution} study", "Study of {n} adults ties trees on the street to better rest"),
			leads: list(
				"People who live within a short walk of a park sleep longer and wake less often, according to a study of {n} adults in {city}.",
				"Researchers at {institution} found that residents of leafier streets reported {p} percent fewer sleepless nights.",
			),
			facts: list(
				"The study followed {n} adults for a year, using questionnaires and wrist-worn sleep trackers.",
				"Those living near parks reported {p} percent fewer nights of poor sleep.",
				"The link held after taking income and age into account.",
				"The research was led by Dr. {person} and published in a public health journal.",
			),
			quotes: quotes(
				o("We cannot say parks cause better sleep, but the link was strong and consistent"),
				e("It fits with what we know about noise, light and exercise. Greener streets tend to be quieter"),
				wq("a resident who lives beside a park in {city}", "I walk the dog there every evening. Maybe that is the secret"),
			),
			background: list("Poor sleep has been linked to heart disease, depression and accidents."),
			next:       list("The team plans a follow-up study in {city2}."),
			captions:   list("A park in the centre of {city}."),
		},
		{
			category: "Sports", role: "Coach", expertRole: "a former league player who now coaches youth teams",
			n:         r2(8000, 30000),
			headlines: list("{Team} beat {team2} {score}", "{Other} on target as {team} see off {team2}", "{Team} climb the table with {score} win over {team2}"),
			leads: list(
				"{Team} beat {team2} {score} in front of {n} fans, with {other} scoring the decisive goal.",
				"A late goal from {other} gave {team} a {score} win over {team2} and lifted them into the top half of the table.",
			),
			facts: list(
				"{Other} scored the winner with eight minutes left.",
				"{Team2} had more of the ball but created few clear chances.",
				"The crowd of {n} was the largest at the ground this season.",
				"Coach {person} made three changes from the previous match.",
			),
			quotes: quotes(
				o("It was not pretty, but we stuck together and found a way"),
				e("{Team} defended well and took their chance. That is what good sides do"),
				wq("a home supporter", "Three points is three points. I will take it"),
			),
			background: list("{Team} had lost two of their previous three matches."),
			next:       list("{Team} travel to face the league leaders next weekend."),
			captions:   list("{Other} celebrates scoring for {team}."),
		},
		{
			category: "Sports", role: "swimmer", expertRole: "a swimming coach at {institution}",
			things:    list("1:58.4", "2:01.7", "4:12.9", "55.8"),
			headlines: list("Teenage swimmer {person} sets junior record in {city}", "{Surname}, 16, breaks national junior record", "Junior record falls at {city} pool"),
			leads: list(
				"Sixteen-year-old {person} broke a national junior swimming record at the championships in {city}, touching the wall in {thing}.",
				"A national junior record fell in {city} as {person} won the final in {thing}.",
			),
			facts: list(
				"The previous record had stood for seven years.",
				"{Surname} trains at a club in {city2} and swims before school six days a week.",
				"{Other} finished second in the same final.",
				"The championships attracted more than four hundred young swimmers.",
			),
			quotes: quotes(
				o("I did not look at the clock until I got out of the pool. Then I started crying"),
				e("The stroke is already very efficient. There is a lot more to come"),
				wq("a parent in the stands", "The whole pool went quiet and then exploded"),
			),
			background: list("{Surname} took up swimming at the age of six after a school trip to the local pool."),
			next:       list("{Surname} will compete at the national senior championships next month."),
			captions:   list("{Person} after the record swim in {city}."),
		},
		{
			category: "Culture", role: "festival director", expertRole: "a music writer who teaches at {institution}",
			orgs: list("the {city} Jazz Festival"), n: r2(40, 120), n2: r2(20000, 60000),
			headlines: list("{City} Jazz Festival returns with {n} concerts", "Jazz takes over the streets of {city} this weekend", "{City} festival expects {n2} visitors"),
			leads: list(
				"The {city} Jazz Festival returns this weekend with {n} concerts in clubs, churches and open-air stages across the old town.",
				"Organisers of the {city} Jazz Festival expect {n2} visitors over four days, with free concerts on the waterfront.",
			),
			facts: list(
				"About a third of the concerts are free.",
				"The programme includes musicians from {country2} and a big band made up of local students.",
				"Festival director {person} said ticket sales were ahead of last year.",
				"Several streets in the old town will be closed to traffic in the evenings.",
			),
			quotes: quotes(
				o("We want people to wander in from the street and stay for a whole set"),
				e("Small festivals like this are where many careers start"),
				wq("a café owner in the old town", "The festival weekend is our busiest of the year. We double the staff"),
			),
			background: list("The festival began as a single concert in a harbour warehouse."),
			next:       list("The closing concert on Sunday night will be broadcast live on regional radio."),
			captions:   list("A band performs on the waterfront stage in {city}."),
		},
		{
			category: "Culture", role: "theatre director", expertRole: "an architectural historian at {institution}",
			things: list("Royal Exchange Theatre", "Old Harbour Playhouse", "Empire Hall", "Lyceum Rooms"), m: r2(6, 40), n: r2(400, 1100),
			headlines: list("{City}'s {thing} reopens after ${m} million restoration", "Curtain rises again at the {thing}", "Restored {thing} welcomes audiences back to {city}"),
			leads: list(
				"The {thing} in {city} reopened after a ${m} million restoration that took three years and uncovered painted ceilings hidden for a century.",
				"Audiences returned to the {thing}, one of the oldest theatres in {city}, as it reopened with {n} restored seats.",
			),
			facts: list(
				"Restorers found original ceiling paintings beneath layers of later plaster.",
				"The auditorium now seats {n}, and a lift makes every level accessible.",
				"Theatre director {person} said the opening season would include new plays by local writers.",
				"Part of the cost was raised from residents through a public appeal.",
			),
			quotes: quotes(
				o("Walking in for the first time felt like the building was breathing again"),
				e("It is one of the finest surviving theatres of its period in {country}"),
				wq("a donor who gave to the public appeal", "My grandparents had their first date here. I wanted it back for my grandchildren"),
			),
			background: list("The theatre closed after an inspection found its roof was unsafe."),
			next:       list("Guided tours of the restored building begin next month."),
			captions:   list("The restored auditorium of the {thing} in {city}."),
		},
	}
}
