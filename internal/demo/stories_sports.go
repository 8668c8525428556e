package demo

func sportsArchetypes() []archetype {
	final := archetype{
		category:   "Sports",
		role:       "Coach",
		expertRole: "a former international who now works as a television pundit",
		orgs:       list("the {country} Football Association", "the National Cup Board"),
		things:     list("National Cup", "Harbour Shield", "Founders' Trophy", "Federation Cup"),
		n:          r2(30000, 80000), n2: r2(9, 41),
		headlines: list(
			"{Team} beat {team2} {score} to lift the {thing}",
			"{Othsur} double seals {thing} glory for {team}",
			"{Team} end {n2}-year wait for the {thing}",
			"Heartbreak for {team2} as {team} win final in front of {n}",
			"Coach {surname}: \"This {thing} belongs to our fans\"",
			"{Thing} final: {team} {score} {team2}, how it happened",
		),
		leads: list(
			"{Team} won the {thing} for the first time in {n2} years, beating {team2} {score} in front of {n} spectators in {city}.",
			"Two goals from {other} gave {team} a {score} victory over {team2} in the {thing} final, ending a long wait for silverware.",
			"The hopes of {team2} for a first {thing} title ended in the final as {team} ran out {score} winners in {city}.",
			"A crowd of {n} saw {team} claim the {thing} with a {score} win over {team2}, and coach {person} hailed a side that was written off in the autumn.",
		),
		facts: list(
			"{Other} scored twice, including a curling free kick just before half-time.",
			"{Team2} pulled a goal back in the second half but could not find an equaliser.",
			"The final was played in front of a sell-out crowd of {n} at the national stadium in {city}.",
			"The victory ends a wait of {n2} years for the club's supporters.",
			"Coach {person} took charge of the club only eighteen months ago, when it was near the bottom of the league.",
			"{Team2} had a player sent off with ten minutes left after a second yellow card.",
		),
		quotes: quotes(
			o("These players never stopped believing, even when everyone else had. This {thing} belongs to our fans"),
			o("I told them at half-time to enjoy it. Finals are rare, so you have to play them with a smile"),
			e("{Team} were braver in the big moments. {Team2} played well but never really hurt them"),
			wq("a season-ticket holder since childhood", "I have waited {n2} years for this. My father never got to see it, so this one is for him"),
			s("It was a final worthy of the occasion, and the supporters of both clubs were a credit to the game"),
		),
		background: list(
			"{Team} were promoted to the top division only three seasons ago.",
			"{Team2} had knocked out the defending champions in the semi-finals.",
		),
		next: list(
			"The win earns {team} a place in next season's continental competition.",
			"Thousands are expected to line the streets for a victory parade.",
		),
		captions: list("{Team} players celebrate with the {thing} in {city}.", "{Other} scores for {team} in the {thing} final."),
	}
	marathon := archetype{
		category:   "Sports",
		role:       "marathon runner",
		expertRole: "a running coach and former Olympian",
		orgs:       list("the {city} Marathon organisers", "the {country} Athletics Federation"),
		things:     list("2:05:12", "2:06:47", "2:04:58", "2:07:31", "2:05:44"),
		n:          r2(12000, 40000), n2: r2(5, 40), p: r2(8, 14),
		headlines: list(
			"{Person} smashes national record at the {city} Marathon",
			"{Surname} runs {thing} to win in {city}, fastest ever on home soil",
			"National record falls as {surname} wins the {city} Marathon",
			"{N} runners, one record: {surname} stuns {city}",
			"\"My legs were on fire\": {surname} clips {n2} seconds off record",
			"{City} Marathon: {surname} and {othsur} produce a race for the ages",
		),
		leads: list(
			"{Person} won the {city} Marathon in {thing}, breaking the national record by {n2} seconds on a cool, still morning.",
			"A national record fell in {city} as {person} crossed the line in {thing}, pulling clear of {other} in the last two kilometres.",
			"{Other} led for most of the race, but it was {person} who broke the tape in {city}, finishing in a record time of {thing}.",
			"More than {n} runners took part in the {city} Marathon, but all eyes were on {person}, who set a national record of {thing}.",
		),
		facts: list(
			"The winning time of {thing} took {n2} seconds off the previous national record.",
			"{Other} finished second, about forty seconds behind, after leading until the thirty-eighth kilometre.",
			"Conditions were close to ideal, with a temperature of {p} degrees and almost no wind.",
			"A record {n} runners started the race, organisers said.",
			"The course was changed this year to remove two steep hills near the old harbour.",
			"{Surname} trains at altitude in {region} for several months each year.",
		),
		quotes: quotes(
			o("My legs were on fire for the last five kilometres, but when I saw the clock I found something extra"),
			o("I have been chasing this record for three years. Today everything came together"),
			e("The new course is fast, but you still have to run it. That was a world-class performance"),
			wq("an amateur runner who finished in under four hours", "We heard the cheering from the other side of the river when the record went"),
			s("We wanted a course where records could fall, and today one did"),
		),
		background: list(
			"The previous national record had stood for eleven years.",
			"{Surname} finished fourth in {city} last year after struggling with a foot injury.",
		),
		next: list(
			"{Surname} is expected to be selected for the national team at this summer's championships.",
			"Organisers said next year's race would keep the new course.",
		),
		captions: list("{Person} crosses the finish line of the {city} Marathon.", "Runners cross the old bridge in {city}."),
	}
	transfer := archetype{
		category:   "Sports",
		role:       "Coach",
		expertRole: "a football finance analyst at {institution}",
		orgs:       list("{team2}"),
		things:     list("striker", "midfielder", "winger", "centre-back"),
		n:          r2(3, 5), n2: r2(12, 31), m: r2(20, 90),
		headlines: list(
			"{Team} sign {thing} {other} from {team2} for record ${m} million",
			"{Othsur} completes ${m} million move to {team}",
			"Record fee: {team} land {othsur} from {team2}",
			"{Othsur} signs {n}-year deal with {team} after transfer saga",
			"Fans of {team2} angry as top scorer {othsur} leaves for {team}",
			"Why {team} paid ${m} million for {other}",
		),
		leads: list(
			"{Team} have signed the {thing} {other} from {team2} for a club-record fee of ${m} million, ending weeks of negotiations.",
			"{Other}, who scored {n2} goals for {team2} last season, has joined {team} on a {n}-year contract in a deal worth a record ${m} million.",
			"The most expensive transfer in the league's history was completed when {team2} agreed to sell their {thing} {other} to {team} for ${m} million.",
			"Coach {person} has landed a long-time target after {team} agreed a ${m} million fee with {team2} for {other}.",
		),
		facts: list(
			"{Othsur} scored {n2} goals in all competitions last season, more than any other player in the league.",
			"The fee of ${m} million beats the previous league record by a wide margin.",
			"{Othsur} has signed a {n}-year contract and will wear the number nine shirt.",
			"{Team2} had rejected two earlier offers before accepting the final bid.",
			"Supporters of {team2} unfurled a banner criticising the board at the club's last home match.",
			"Coach {person} said the new signing would go straight into the team for the weekend.",
		),
		quotes: quotes(
			o("We have followed {othsur} for two years. Players like this do not become available very often"),
			o("The fee is big, but so is the talent. I am sure our fans will see why"),
			e("Fees like this used to be unthinkable in this league. It tells you how much money is now flowing in"),
			wq("a {team2} supporter outside the stadium", "Every time we build something, the big clubs come and take it away"),
			s("We did not want to sell, but an offer of this size was impossible to refuse"),
		),
		background: list(
			"{Othsur} came through the youth academy at {team2} and made a first-team debut at seventeen.",
			"{Team} have spent heavily since new owners took over the club last year.",
		),
		next: list(
			"{Othsur} could make a debut for {team} this weekend.",
			"{Team2} are expected to use part of the fee to strengthen their defence.",
		),
		captions: list("{Other} in action for {team2} last season.", "The home ground of {team}."),
	}
	return []archetype{final, marathon, transfer}
}
