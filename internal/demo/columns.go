package demo

// Columns are one opinion piece per outlet. Their headlines and bodies
// deliberately carry the characters feeds most often get wrong (&, < and
// quotation marks), so every feed format in the world has to escape them.
// Each column appears in one outlet only, so no two articles outside an
// event share their text.
type column struct {
	category string
	headline string
	body     []string
}

func columns() []column {
	return []column{
		{
			category: "Technology",
			headline: "Web desk: \"<marquee>\" & other tags {city} council's website still uses",
			body: list(
				"Every city has a website it would rather you did not look at too closely. In {city}, it is the page where residents book bulky waste collections, and it still greets visitors with scrolling text wrapped in a <marquee> tag & a visitor counter stuck at a six-digit number.",
				"The council says the page is \"temporary\". It has been temporary since before most of its readers owned a phone, and the source code still mentions a browser that has not been updated in twenty years.",
				"None of this would matter if the page worked. It mostly does, which is the problem: nothing is broken enough to fix, so nothing gets fixed. Developers call this the \"if it < hurts, leave it\" rule, and it explains a great deal about public software.",
				"Readers wrote in with their own favourites: a form that rejects any surname containing an apostrophe, a bus timetable that only prints on paper wider than A4, and a booking system that closes every night at 10 p.m. \"for maintenance\" & never says why.",
				"The fix is not glamorous. It is a budget line for upkeep, a named person responsible, and the humility to admit that software ages like a building does. {City} found money for a new fountain last spring. A new web page would cost less.",
			),
		},
		{
			category: "Culture",
			headline: "Notebook: why \"<untitled>\" & \"no. 7\" are the best titles in {city}'s tiniest gallery",
			body: list(
				"The smallest gallery in {city} is a former shoe shop with room for eleven paintings & one bench. Its owner likes to say that \"less < more\" is a typing error she decided to keep, because the room proves the point every month.",
				"This month's show hangs works by three painters from {region}, none of them older than thirty. Half the labels read \"<untitled>\", with the angle brackets, because one of the artists insisted the title should look like a placeholder waiting to be filled.",
				"It would be easy to call that a gimmick. Standing in the room, it feels more like an invitation: you supply the title, and the painting supplies the rest. Several visitors have left suggestions in the guest book, and some of them are better than what the artists had in mind.",
				"Small rooms change how people look. In a big museum you walk past a hundred canvases & remember three. Here you stand close enough to see brushmarks, and nobody hurries you along.",
				"The gallery survives on donations and a café that sells very good cake. If you visit, buy a slice. It is the cheapest way to keep a room like this alive in {city}.",
			),
		},
		{
			category: "Technology",
			headline: "Ask the tech desk: why does my newsletter show \"<b>\" & \"&nbsp;\" in {city}?",
			body: list(
				"A reader in {city} writes: the community newsletter arrives every Friday, and every Friday it is sprinkled with little codes such as <b> & &nbsp; where the bold text and spaces should be. Is my computer broken?",
				"It is not. Those codes are the instructions that tell an email program how to lay out a message. When the program that sent the newsletter marks the message as plain text but fills it with formatting codes, your mail app shows the codes instead of obeying them.",
				"The fix sits with the sender, not with you. The newsletter's editors should check the setting that chooses between \"plain text\" & \"HTML\" before pressing send, and test the result on more than one phone.",
				"In the meantime, forwarding the message to yourself will not help, and neither will changing fonts. Reply to the newsletter and tell them what you see. Volunteers running community mailings rarely know anything has gone wrong until somebody says so.",
			),
		},
		{
			category: "Culture",
			headline: "Column: \"R&B\" & hymns, or what {city}'s choirs can do with < 10 rehearsals",
			body: list(
				"The community choirs of {city} meet in church halls, school gyms and, in one case, the back room of a tyre shop. This season several of them set themselves a challenge: a full concert with < 10 rehearsals, mixing old hymns with R&B standards.",
				"Choir leaders will tell you that the first rehearsal is chaos & the fourth is despair. Somewhere around the seventh, the altos find their note and the room changes. Nobody can quite explain why, but everyone has felt it.",
				"The concert at the old corn exchange was not flawless. A soloist forgot a verse, and the tenors came in early twice. The audience did not care. People who had never sung in public were standing in front of their neighbours, and that was the point.",
				"If you have ever thought about joining, the choirs say the door is open. No auditions, no reading music required, and tea at the break. Rehearsals start again next month in {city}.",
			),
		},
		{
			category: "Technology",
			headline: "Column: when \"< 5 minutes\" & \"free\" on {city}'s parking app mean neither",
			body: list(
				"The parking app {city} introduced last year promises that paying for a space takes \"< 5 minutes\" & that the first quarter of an hour is \"free\". Readers who tried it disagree on both counts.",
				"The five minutes assume a working phone signal, a registered card and a car park whose code matches the sign. At the station car park, the code on the sign was out of date for three weeks, and drivers who typed it were charged for a space across town.",
				"The free quarter of an hour is real, but only if you remember to end the session in the app. Leave without tapping the button and the app charges for an hour. The council says this is explained in the terms. It is, on page eleven.",
				"None of this is unusual for public apps built in a hurry. What would help is simple: signs that match the app, a receipt sent by text message, and a human being who answers the complaints line. Until then, keep some coins in the glovebox.",
			),
		},
		{
			category: "Politics",
			headline: "Letters: \"bridges < buses\" & other views from {city} on the transport plan",
			body: list(
				"Our report on the council's transport plan for {city} drew more letters than any story this year. Most readers agreed on one thing: the plan spends too much on a new road bridge and too little on buses.",
				"\"Bridges < buses,\" wrote one reader from the east side, who waits forty minutes for a bus that runs every twenty on paper. Another pointed out that the bridge will take six years to build, while extra buses could run by the spring.",
				"Not everyone agreed. A haulage firm owner wrote that lorries stuck in the old town cost local businesses money every day, & that buses share the same jammed streets. A retired engineer argued that the two projects should not be pitted against each other at all.",
				"The council will take public comments until the end of next month. Letters to this newspaper are welcome too; keep them short, sign them, and tell us where in {city} you live.",
			),
		},
		{
			category: "Sports",
			headline: "Stats corner: \"< 40% possession\" & still winning? How {team} do it",
			body: list(
				"Ask any analyst about {team} this season and you will hear the same puzzled sentence: they have < 40% of the ball in most matches & still keep winning. The numbers say it should not work. The table says it does.",
				"The secret, if there is one, is what happens in the four seconds after they win the ball back. Their players sprint forward in straight lines, and the passes are short, quick and rarely sideways.",
				"Coaches call it \"vertical\" football. Fans in {city} have a less technical name for it, which cannot be printed here, but which roughly means \"get it forward & see what happens\".",
				"The risk is obvious. A side that gives away the ball this often needs its defenders to win nearly every header and its goalkeeper to have a very good year. So far both have held up.",
				"Whether it lasts is another question. Opponents are starting to sit deeper and hand {team} the ball on purpose, daring them to build slowly. How the club answers that will decide its season.",
			),
		},
	}
}
