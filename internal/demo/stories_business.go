package demo

func businessArchetypes() []archetype {
	takeover := archetype{
		category:     "Business",
		role:         "Chief Executive",
		expertRole:   "an analyst at {institution}",
		institutions: list("Greywell Securities", "Harrow Finch Capital", "Marlow Quay Partners", "Dunmore Brokers"),
		orgs:         list("the {country} Competition Authority", "the Fair Markets Commission"),
		companies:    "holding",
		things:       list("freight", "grocery", "packaging", "building supplies", "insurance"),
		n:            r2(6000, 24000), n2: r2(300, 1500), m: r2(2, 12), p: r2(18, 45),
		headlines: list(
			"{Company} agrees to buy {rival} for ${m} billion",
			"{Company} and {rival} merger creates {country}'s largest {thing} group",
			"{Rival} shares jump {p} percent on {company} takeover bid",
			"{Company} chief {surname} bets ${m} billion on {rival}",
			"Regulators to scrutinise ${m} billion {company} bid for {rival}",
			"{Rival} accepts takeover: {n2} jobs at risk, unions warn",
		),
		leads: list(
			"{Company} has agreed to buy its smaller rival {rival} for ${m} billion, creating the largest {thing} business in {country}.",
			"Shares in {rival} rose {p} percent after {company} {announced} a ${m} billion takeover offer that the board has recommended shareholders accept.",
			"{Company} chief executive {person} said the purchase of {rival} would give the combined group the scale to compete abroad, in a deal worth ${m} billion.",
			"Unions warned that up to {n2} jobs could go after {company} struck a ${m} billion agreement to acquire {rival}, its closest competitor in the {thing} market.",
		),
		facts: list(
			"The offer values {rival} at a premium of {p} percent to its closing share price before the announcement.",
			"The combined company will employ {about} {n} people, most of them in {city} and {city2}.",
			"{Org} said it would review whether the deal reduces competition for customers.",
			"{Company} expects savings from merging warehouses and computer systems, though it did not give a figure for job cuts.",
			"Unions estimate that as many as {n2} positions could be eliminated over three years.",
			"The deal is expected to close in the second half of next year, subject to shareholder and regulatory approval.",
		),
		quotes: quotes(
			o("Together we can do what neither company could do alone. This is about growth, not cuts"),
			o("We have admired {rival} for a long time. Its people are the reason we made this offer"),
			e("The price is full but not crazy. The real test is whether the regulator demands they sell off parts of the business"),
			wq("a warehouse worker at {rival}", "Every time there is a merger, they promise nothing will change. Then the letters arrive"),
			s("We will look carefully at what this deal means for prices and choice"),
		),
		background: list(
			"{Rival} was founded in {city2} and listed on the stock exchange a decade ago.",
			"{Company} has made three smaller acquisitions in the past five years as it tries to expand beyond {country}.",
		),
		next: list(
			"{Rival} shareholders will vote on the offer at a meeting in the coming weeks.",
			"{Org} has thirty working days to decide whether to open a full investigation.",
		),
		captions: list("The headquarters of {rival} in {city2}.", "{Person}, chief executive of {company}, in {city}."),
	}
	factory := archetype{
		category:   "Business",
		role:       "Chief Executive",
		expertRole: "a regional economist at {institution}",
		orgs:       list("the {region} Development Agency", "the {region} Investment Board"),
		companies:  "manufacturing",
		things:     list("heat pump", "battery cell", "tram carriage", "wind turbine blade", "solar panel"),
		n:          r2(300, 2500), n2: r2(10000, 200000), m: r2(150, 900), p: r2(7, 14),
		headlines: list(
			"{Company} to build ${m} million {thing} factory in {city}",
			"{N} jobs for {city} as {company} picks town for new plant",
			"{City} wins race for {company}'s {thing} plant",
			"{Company} breaks ground in {region}, promising {n} jobs",
			"New {thing} plant will make {n2} units a year, {company} says",
			"A factory, {n} jobs and a lifeline: {city} celebrates {company} deal",
		),
		leads: list(
			"{Company} will invest ${m} million in a factory in {city} that will make {thing}s and employ {n} people when it reaches full production.",
			"The town of {city} has beaten several rivals to host a new {thing} plant from {company}, a project the company says will create {n} jobs.",
			"{Company} broke ground on a ${m} million factory on the outskirts of {city}, its first major investment in {region}.",
			"Local leaders in {city}, where unemployment stands at {p} percent, welcomed a decision by {company} to build a {thing} plant employing {n} people.",
		),
		facts: list(
			"The plant is designed to produce {n2} {thing}s a year once all production lines are running.",
			"{Org} is contributing grants and cheap land to the project, according to the company.",
			"Construction is expected to take about two years, with the first products leaving the factory soon after.",
			"Unemployment in {city} stands at {p} percent, well above the national average.",
			"{Company} said it chose the site for its rail links and for a local college that already trains technicians.",
			"{Role} {person} said most of the staff would be hired locally.",
		),
		quotes: quotes(
			o("We looked at eleven sites. {City} had the people, the land and the railway, and that made the decision easy"),
			o("This is a long-term commitment. We expect to be in {city} for decades"),
			e("One plant will not fix a local economy, but a few hundred skilled jobs bring suppliers and shops with them"),
			wq("a machinist who lost his job when the old mill closed", "For the first time in years my sons might not have to leave {city} to find work"),
			s("We competed hard for this project and we are proud to have won it for {region}"),
		),
		background: list(
			"{City} lost thousands of jobs when its steelworks closed in the early 2000s.",
			"{Company} already runs two factories in {country2} and has been looking to expand production closer to its customers.",
		),
		next: list(
			"Recruitment for the first production jobs is expected to begin next year.",
			"The company still needs final planning permission, which the council is expected to grant next month.",
		),
		captions: list("The site of the planned {company} factory outside {city}.", "Workers at an existing {company} plant."),
	}
	rates := archetype{
		category:     "Business",
		role:         "Governor",
		expertRole:   "chief economist at {institution}",
		institutions: list("Greywell Securities", "Harrow Finch Capital", "Marlow Quay Partners", "Dunmore Brokers"),
		orgs:         list("the Bank of {country}"),
		things:       list("3.75", "4.25", "4.5", "5.25", "5.5", "6.0"),
		n:            r2(6, 7), n2: r2(2, 3), p: r2(5, 9),
		headlines: list(
			"Bank of {country} raises interest rate to {thing} percent",
			"{Country} rate rise: borrowing costs hit {thing} percent as inflation bites",
			"Governor {surname} signals more pain after quarter-point hike",
			"Central bank of {country} lifts rates again; mortgage holders brace for higher bills",
			"Split vote as Bank of {country} moves rates to {thing} percent",
			"Inflation at {p} percent forces {country}'s central bank to act",
		),
		leads: list(
			"The Bank of {country} raised its main interest rate by a quarter of a percentage point to {thing} percent, saying inflation of {p} percent was proving more stubborn than expected.",
			"Borrowing costs in {country} climbed to {thing} percent after the central bank's rate-setting committee voted {n} to {n2} for another increase.",
			"Governor {person} warned that interest rates could stay high for longer as the Bank of {country} lifted its benchmark rate to {thing} percent.",
			"Homeowners in {country} face higher mortgage payments after the central bank increased rates for the fourth time this year, to {thing} percent.",
		),
		facts: list(
			"Consumer prices rose {p} percent over the past year, more than twice the bank's target.",
			"The rate-setting committee voted {n} to {n2}, with the minority preferring to leave rates unchanged.",
			"The currency strengthened slightly after the announcement, while shares of banks listed in {city} edged higher.",
			"Economists had been divided on whether the bank would move this month or wait for new data.",
			"Mortgage lenders in {city} said they expected to pass the increase on to customers within weeks.",
			"The bank cut its growth forecast for next year and said unemployment was likely to rise slightly.",
		),
		quotes: quotes(
			o("We will do what is necessary to bring inflation back to target, even if that is uncomfortable"),
			o("Prices for food and energy have eased, but the cost of services is still rising too quickly"),
			e("The message is clear: do not expect cuts before next summer"),
			wq("a first-time buyer in {city}", "We fixed our mortgage last year, thank goodness. Friends who did not are really struggling"),
			s("The committee will continue to assess incoming data at each meeting"),
		),
		background: list(
			"The bank began raising rates last year after inflation climbed to its highest level in three decades.",
			"Governments in {country} and neighbouring {country2} have both come under pressure over the rising cost of living.",
		),
		next: list(
			"The committee meets again in six weeks.",
			"New inflation figures are due next month.",
		),
		captions: list("The Bank of {country} building in {city}.", "Governor {person} at a news conference in {city}."),
	}
	return []archetype{takeover, factory, rates}
}
