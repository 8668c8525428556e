package demo

func cultureArchetypes() []archetype {
	festival := archetype{
		category:   "Culture",
		role:       "director",
		expertRole: "a film critic for a national weekly",
		orgs:       list("the {city} Film Festival"),
		things:     list("The Salt Orchard", "Three Winters in Vell", "A House Without Doors", "The Lamplighter's Daughters", "Low Tide, High Summer"),
		n:          r2(18, 26),
		headlines: list(
			"\"{thing}\" wins top prize at {city} Film Festival",
			"{Person}'s {thing} takes the Golden Lantern in {city}",
			"Debut film {thing} stuns {city} jury",
			"{City} festival: quiet family drama beats the favourites",
			"Golden Lantern for {surname} as {city} festival closes",
			"Jury president {othsur}: \"{thing} is a film that trusts its audience\"",
		),
		leads: list(
			"{Thing}, a family drama directed by {person}, won the Golden Lantern for best film at the {city} Film Festival, beating {n} other films in competition.",
			"The jury of the {city} Film Festival awarded its top prize to the debut feature by {person}, {thing}, a quiet story about three sisters running a fading seaside hotel.",
			"{Person} was the surprise winner of the Golden Lantern in {city}, where the jury led by {other} chose {thing} over several better-known rivals.",
			"A small film shot in eighteen days on a tiny budget, {thing}, took the top prize as the {city} Film Festival came to a close.",
		),
		facts: list(
			"{Thing} was one of {n} films competing for the Golden Lantern this year.",
			"The film was shot in {city2} with a largely amateur cast.",
			"The jury was led by {other}, who praised the film's restraint.",
			"The prize for best actor went to the lead of a thriller set in {country2}.",
			"{Surname}, a former schoolteacher, said the story was inspired by a hotel run by relatives on the coast.",
			"Festival organisers said ticket sales were the highest in the event's history.",
		),
		quotes: quotes(
			o("I made this film with friends and borrowed cameras. I still cannot quite believe we are standing here"),
			o("This prize belongs to the people of {city2}, who let us into their homes and their lives"),
			e("It is a film that trusts its audience. Nothing is explained, and everything is felt"),
			wq("a festival volunteer", "People came out of the screening in silence. That is when you know"),
			s("This year's competition showed how much bold work is coming from first-time directors"),
		),
		background: list(
			"The {city} Film Festival, founded half a century ago, is one of the oldest in {country}.",
			"Last year's winner went on to become one of the most-watched films in {country}.",
		),
		next: list(
			"{Thing} opens in cinemas across {country} next month.",
			"The festival returns next year with a new section for short films.",
		),
		captions: list("{Person} holds the Golden Lantern in {city}.", "Guests arrive for the closing night of the {city} Film Festival."),
	}
	painting := archetype{
		category:   "Culture",
		role:       "museum director",
		expertRole: "an art crime investigator who has advised {institution}",
		orgs:       list("the {city} Museum of Fine Arts", "the {city} Municipal Gallery"),
		things:     list("The Orchard at Dusk", "Girl with a Blue Lantern", "Herring Boats at Vell", "The Miller's Wife", "Winter Market"),
		n:          r2(12, 40), m: r2(3, 40),
		headlines: list(
			"Stolen painting \"{thing}\" recovered after {n} years",
			"{City} museum gets its masterpiece back as {othsur}'s {thing} is found",
			"Police find missing {othsur} canvas in {city2} attic",
			"${m} million painting stolen {n} years ago returns to {city}",
			"\"We never gave up hope\": museum director {surname} on the return of {thing}",
			"How detectives tracked down {thing}, {n} years after the heist",
		),
		leads: list(
			"A painting by {other} that was stolen from {org} {n} years ago has been found in good condition in a house in {city2}, police said.",
			"{Thing}, the landscape taken from {org} in a night-time raid {n} years ago, is back in {city} after detectives traced it through an online auction.",
			"Museum director {person} wept as {thing}, a canvas by {other} valued at ${m} million, was returned to the gallery it vanished from {n} years ago.",
			"Detectives have recovered one of the most famous stolen artworks in {country}, {thing} by {other}, which disappeared from {city} {n} years ago.",
		),
		facts: list(
			"The painting was cut from its frame during a break-in {n} years ago, and no one was ever charged.",
			"Police said it had been kept rolled up in an attic in {city2} and had suffered only minor damage.",
			"Investigators were alerted when a photograph of the painting appeared in an online auction listing.",
			"The work is estimated to be worth about ${m} million.",
			"Two people have been questioned, but police said the current owners may not have known the painting was stolen.",
			"{Org} plans to put the painting back on display after restorers have examined it.",
		),
		quotes: quotes(
			o("We never gave up hope. Every year on the anniversary we left the empty frame on the wall"),
			o("It is a little tired, like all of us, but it is whole"),
			e("Famous stolen paintings are almost impossible to sell, so they tend to vanish into attics for decades"),
			wq("a retired guard who was on duty the night of the theft", "I have thought about that night every day since. Seeing it again is a weight off my shoulders"),
			s("Restorers will take a careful look before the public sees it again"),
		),
		background: list(
			"{Other} painted {thing} in the last years of a long career, and it is considered one of the finest works of the period.",
			"The theft was one of the biggest unsolved crimes in the history of {city}.",
		),
		next: list(
			"{Org} expects to show the painting again in a special exhibition next spring.",
			"Police said the investigation into the original theft remains open.",
		),
		captions: list("{Thing} by {other}, recovered in {city2}.", "The empty frame that hung for years at {org}."),
	}
	bookPrize := archetype{
		category:   "Culture",
		role:       "novelist",
		expertRole: "a literary critic who teaches at {institution}",
		orgs:       list("the {country} Book Prize"),
		things:     list("The Drowned Valley", "What the Reservoir Keeps", "Bells Under Water", "The Last Ferry Home", "A Map of Quiet Rooms"),
		n:          r2(25000, 60000), n2: r2(5, 6),
		headlines: list(
			"{Person} wins the {country} Book Prize for \"{thing}\"",
			"{Thing}, a novel about a flooded village, takes top literary award",
			"Former ferry pilot {surname} wins ${n} book prize",
			"Literary prize goes to {surname}'s {thing} after split jury",
			"\"I wrote it at the kitchen table\": {surname} on winning the {country} Book Prize",
			"{Country} Book Prize: judges hail {thing} as a \"quiet masterpiece\"",
		),
		leads: list(
			"{Person} has won the {country} Book Prize for {thing}, a novel about a village drowned to make way for a reservoir, the judges announced in {city}.",
			"The novelist {person}, who spent twenty years working on ferries before publishing a first book, has won the ${n} {country} Book Prize.",
			"{Thing}, the third novel by {person}, was named the winner of the {country} Book Prize after what the jury chair, {other}, called a long and passionate debate.",
			"Judges awarded this year's {country} Book Prize to {thing} by {person}, praising it as a quiet masterpiece about memory and loss.",
		),
		facts: list(
			"The prize is worth ${n}, and each of the {n2} shortlisted authors receives a smaller award.",
			"{Thing} tells the story of a family forced to leave their village when a valley is flooded for a new reservoir.",
			"The jury was chaired by {other}, who said the decision was not unanimous.",
			"{Surname} worked for two decades as a ferry pilot before publishing a first novel at the age of fifty.",
			"Sales of the book tripled in the week after it was shortlisted, according to its publisher in {city2}.",
			"The award ceremony was held at the old opera house in {city}.",
		),
		quotes: quotes(
			o("I wrote most of it at the kitchen table at five in the morning, before my shift. I never imagined this"),
			o("The book is about what we lose when progress arrives, and what we choose to remember"),
			e("It is a book that will still be read in fifty years, which is the only test that matters"),
			wq("a bookseller in {city}", "We sold out of copies within an hour of the announcement"),
			s("Choosing one book from such a strong shortlist was painful, but {thing} stayed with all of us"),
		),
		background: list(
			"The {country} Book Prize has been awarded every year since the 1970s.",
			"The previous novel by {surname} was shortlisted for the same prize.",
		),
		next: list(
			"{Thing} will be translated into six languages next year.",
			"{Surname} said a new novel was already half written.",
		),
		captions: list("{Person} at the award ceremony in {city}.", "Copies of {thing} in a bookshop in {city}."),
	}
	return []archetype{festival, painting, bookPrize}
}
