package demo

// briefArchetypes are smaller stories only one outlet runs. They give the
// world the single-source articles a clustering engine must leave alone.
func briefArchetypes() []archetype {
	return append(briefsA(), briefsB()...)
}

func briefsA() []archetype {
	return []archetype{
		{
			category: "World", role: "Aid Minister", expertRole: "a logistics specialist at {institution}",
			orgs: list("the {country} Red Lantern Society"), n: r2(40, 400), n2: r2(12, 60),
			headlines: list("{Country} sends {n} tonnes of aid to quake-hit {country2}", "Aid convoy leaves {city} for {country2}", "{N2} lorries of relief supplies cross into {country2}"),
			leads: list(
				"A convoy of {n2} lorries carrying {n} tonnes of food, blankets and medical supplies left {city} for {country2}, where an earthquake damaged thousands of homes.",
				"{Country} is sending {n} tonnes of emergency aid to {country2}, Aid Minister {person} said, as aftershocks continued to rattle the region.",
			),
			facts: list(
				"The supplies include tents, water purification tablets and winter clothing.",
				"{Org} is coordinating the deliveries with local volunteers in {country2}.",
				"The convoy is expected to take two days to reach the worst-hit towns.",
				"A second shipment is being prepared at a warehouse near {city2}.",
			),
			quotes: quotes(
				o("Our neighbours would do the same for us. This is the least we can do"),
				wq("a volunteer loading the lorries", "We started at six this morning and nobody has stopped for a break"),
				s("Blankets and tents are the priority, because the nights are already below freezing"),
			),
			background: list("The earthquake struck a mountainous area of {country2} where many villages can only be reached by a single road."),
			next:       list("{Officials} said further aid would depend on what the first teams find on the ground."),
			captions:   list("Lorries loaded with aid prepare to leave {city}."),
		},
		{
			category: "World", role: "Transport Minister", expertRole: "a tourism researcher at {institution}",
			orgs: list("Brightsea Ferries", "the Lantern Isles Ferry Company"), n: r2(300, 900), n2: r2(3, 7),
			headlines: list("New ferry link joins {city} and {country2}", "First ferry sails from {city} to {country2} in a decade", "{City} ferry service back after ten-year gap"),
			leads: list(
				"A passenger ferry sailed from {city} to {country2} for the first time in ten years, restoring a link that closed when the previous operator went bust.",
				"{Org} has relaunched a ferry route between {city} and {country2}, with {n2} sailings a week and room for {n} passengers on each crossing.",
			),
			facts: list(
				"The crossing takes about four hours and the ship carries {n} passengers and up to 80 cars.",
				"Fares start at a level the operator says is cheaper than flying.",
				"Local businesses in {city} have campaigned for years to bring the route back.",
				"{Role} {person} attended the first departure.",
			),
			quotes: quotes(
				o("This route connects families, students and businesses. It should never have been allowed to close"),
				wq("a hotel owner in {city}", "Half our guests used to arrive by sea. We have missed them"),
				s("Bookings for the summer are already ahead of our expectations"),
			),
			background: list("The previous ferry service ended when its operator collapsed after a fuel price spike."),
			next:       list("{Org} plans to add a night crossing next year if demand holds up."),
			captions:   list("The ferry leaves the harbour in {city} on its first crossing."),
		},
		{
			category: "Politics", role: "Councillor", expertRole: "a local government expert at {institution}",
			orgs: list("the {city} City Council"), m: r2(80, 600), p: r2(2, 6),
			headlines: list("{City} council approves ${m} million budget", "Council tax to rise {p} percent in {city}", "{City} budget: more for roads, less for parks"),
			leads: list(
				"Councillors in {city} approved a ${m} million budget that raises local taxes by {p} percent and puts more money into road repairs.",
				"{City} residents will pay {p} percent more in local taxes next year after the city council passed its budget by a narrow margin.",
			),
			facts: list(
				"The budget sets aside more money for fixing potholes and for school buildings.",
				"Spending on parks and libraries will be frozen at this year's level.",
				"Councillor {person}, who chairs the finance committee, said rising energy bills had left little room.",
				"Opposition councillors proposed cutting office costs instead of raising taxes.",
			),
			quotes: quotes(
				o("Nobody likes to raise taxes, but the roads in this city cannot wait another year"),
				wq("a library volunteer in {city}", "We keep being told there is no money. Then the libraries close a day earlier"),
				e("Most councils in {country} face the same squeeze, and they are making similar choices"),
			),
			background: list("{City} has cut its workforce by a tenth over the past five years."),
			next:       list("The new tax rate takes effect in the spring."),
			captions:   list("The city hall in {city}."),
		},
		{
			category: "Politics", role: "MP", expertRole: "a political historian at {institution}",
			orgs: list("the {thing}"), things: list("Progress Party", "National Centre Party", "Social Alliance", "People's Forum"),
			headlines: list("{Person} launches bid to lead the {thing}", "{Surname} enters race for {thing} leadership", "\"Time for a new generation\": {surname} wants the top job"),
			leads: list(
				"{Person}, a member of parliament for {city}, said they would stand for the leadership of the {thing}, promising to rebuild trust with voters in {region}.",
				"The race to lead the {thing} gained a new contender as {person}, who represents {city}, announced a campaign.",
			),
			facts: list(
				"The party's leader stepped down last month after a poor result in regional elections.",
				"{Surname} was first elected to parliament six years ago and has served as the party's spokesperson on education.",
				"Candidates need the backing of a fifth of the party's lawmakers to get on the ballot.",
				"Party members will vote by post over four weeks.",
			),
			quotes: quotes(
				o("We stopped listening to people outside the capital. I want to change that"),
				e("Leadership races like this are often decided by who can persuade members the party can still win"),
				wq("a party member from {city}", "We need someone who sounds like they have been on a bus recently"),
			),
			background: list("The {thing} has lost support in three consecutive national polls."),
			next:       list("The winner will be announced at the party conference in {city2}."),
			captions:   list("{Person} speaks to supporters in {city}."),
		},
		{
			category: "Business", role: "founder", expertRole: "a venture investor at {institution}",
			institutions: list("Quayside Ventures", "Harbourlight Capital", "Northstar Seed Partners"),
			companies:    "startup", m: r2(4, 60), n: r2(20, 140),
			headlines: list("{City} start-up {company} raises ${m} million", "{Company} lands ${m} million to grow beyond {country}", "Investors back {company} with ${m} million"),
			leads: list(
				"{Company}, a young software company based in {city}, has raised ${m} million from investors to expand into neighbouring countries.",
				"Investors led by {institution} have put ${m} million into {company}, whose software helps small farms track their harvests.",
			),
			facts: list(
				"The company employs {n} people and plans to double that within two years.",
				"{Company} was started four years ago by {person} in a shared office above a bakery.",
				"Its customers include farming cooperatives in {region} and {country2}.",
				"The money will pay for a new office in {city2}.",
			),
			quotes: quotes(
				o("We started with three people and one farm. Now we have customers in four countries"),
				e("There is real demand for tools like this, and the team has shown it can sell"),
				wq("a farmer who uses the software", "It tells me what I used to keep in a notebook, but it never gets rained on"),
			),
			background: list("Investment in young technology firms in {country} has slowed this year."),
			next:       list("{Company} expects to start hiring in {city2} next month."),
			captions:   list("Staff at the {company} office in {city}."),
		},
		{
			category: "Business", role: "Chief Executive", expertRole: "a retail analyst at {institution}",
			institutions: list("Greywell Securities", "Harrow Finch Capital", "Dunmore Brokers"),
			companies:    "holding", m: r2(30, 400), p: r2(4, 22),
			headlines: list("{Company} profits rise {p} percent", "Strong demand lifts {company} earnings", "{Company} beats forecasts with ${m} million profit"),
			leads: list(
				"{Company} reported a {p} percent rise in quarterly profit to ${m} million, helped by strong demand and lower fuel costs.",
				"Shares in {company} rose after the group said profit for the quarter had climbed to ${m} million, ahead of analysts' forecasts.",
			),
			facts: list(
				"Sales grew in every region, with the strongest gains in {country2}.",
				"{Role} {person} said the company would raise its dividend.",
				"The company warned that higher wages would weigh on profits next year.",
				"It plans to open two new distribution centres near {city}.",
			),
			quotes: quotes(
				o("Our customers kept coming back, and our teams kept costs under control"),
				e("These are solid numbers, but the outlook for next year is more cautious"),
				wq("a long-time shareholder from {city}", "It is nice to have a quarter without bad news"),
			),
			background: list("{Company} is one of the largest employers in {city}."),
			next:       list("The company will report full-year results in the spring."),
			captions:   list("The head office of {company} in {city}."),
		},
		{
			category: "Technology", role: "Digital Services Director", expertRole: "a telecoms researcher at {institution}",
			orgs: list("the {city} City Council"), n: r2(40, 220), m: r2(1, 9),
			headlines: list("{City} switches on free public Wi-Fi in {n} locations", "Free Wi-Fi comes to the squares and buses of {city}", "{City} bets ${m} million on public internet access"),
			leads: list(
				"{City} has switched on free public Wi-Fi at {n} locations, including squares, libraries and buses, in a ${m} million project.",
				"Residents and visitors in {city} can now get online for free in parks and on buses after the council completed a public Wi-Fi network.",
			),
			facts: list(
				"The network covers the old town, the railway station and the main bus routes.",
				"Users can connect without creating an account, though speeds are limited at busy times.",
				"{Role} {person} said the network would also carry data from air quality sensors.",
				"The project was paid for partly from a national fund for digital inclusion.",
			),
			quotes: quotes(
				o("Getting online should not depend on whether you can afford a data plan"),
				wq("a student waiting at a bus stop", "I used to save my data for the end of the month. Now I do not have to"),
				e("Public networks like this work best when they are kept simple and well maintained"),
			),
			background: list("About one household in eight in {city} has no home internet connection, according to council figures."),
			next:       list("The council plans to add another forty locations next year."),
			captions:   list("A bus stop with a public Wi-Fi point in {city}."),
		},
		{
			category: "Technology", role: "team captain", expertRole: "an engineering lecturer at {institution}",
			orgs: list("the {country} Young Engineers Trust"), n: r2(30, 90), things: list("Kestrel", "Tin Heron", "Dormouse", "Lighthouse Mk II"),
			headlines: list("{City} students win national robotics contest", "Robot \"{thing}\" takes the national title for {city} school", "{City} teenagers beat {n} teams with home-built robot"),
			leads: list(
				"A team of students from {city} has won the national robotics championship with a machine they built from scrap parts, beating {n} other teams.",
				"A robot called {thing}, built by teenagers from {city}, won the national robotics championship after a tense final round.",
			),
			facts: list(
				"The robot had to sort coloured blocks and climb a ramp in under three minutes.",
				"The team spent eight months building it in their school's basement workshop.",
				"Team captain {person} said most of the parts came from old printers and bicycles.",
				"{Org} organises the competition every year.",
			),
			quotes: quotes(
				o("We broke it twice the night before. Honestly, we were just happy it turned on"),
				e("The best teams do not have the most money. They have the patience to test everything"),
				wq("a parent who drove the team to the final", "They talked about gear ratios the whole way home"),
			),
			background: list("Schools in {region} have struggled to fund technology clubs in recent years."),
			next:       list("The team will represent {country} at an international contest next summer."),
			captions:   list("The {city} team with their robot, {thing}."),
		},
	}
}
