from __future__ import annotations

from datetime import date

from timeline.mentions import actors_of, article_mentions, name_book, split_sentences
from timeline.records import Article


def article(text: str, title: str | None = None) -> Article:
    return Article(id="a", text=text, published=date(2019, 6, 6), title=title)


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = "The U.S. ban hit Huawei. Dr. Mahathir praised it.\nA new line starts here."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The U.S. ban hit Huawei.",
        "Dr. Mahathir praised it.",
        "A new line starts here.",
    ]


def test_each_date_gives_a_mention_narrowed_to_its_clause() -> None:
    text = "Huawei has been under growing pressure since May, when the Trump administration banned US companies from selling it chips."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.time and mention.time.value == "2019-05"
    assert mention.clause.startswith("when the Trump administration banned")


def test_subordinate_clause_does_not_date_the_main_one() -> None:
    text = "While the ban comes into force within three months, Google suspended Huawei's Android licence last month."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.clause.startswith("Google suspended")


def test_a_dated_clause_after_after_is_the_event() -> None:
    text = "The harbour deal comes weeks after the Port Authority froze all new leases in April."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.clause.startswith("the Port Authority froze all new leases")
    # a noun phrase after "after" is not a clause: the main clause keeps the date
    text = "Ferry fares rose after the Port Authority's announcement in April of higher fuel costs."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.clause.startswith("Ferry fares rose")


def test_undated_sentences_and_title_are_supporting_mentions() -> None:
    mentions = article_mentions(article("Huawei signed a deal with MTS in Moscow.", title="Huawei signs 5G deal"))
    assert [m.time for m in mentions] == [None, None]
    assert mentions[0].sentence == "Huawei signs 5G deal"


def test_page_furniture_is_not_a_statement() -> None:
    mentions = article_mentions(article("First published at 3:54 a.m. PT on Wednesday.\nSee all photos"))
    assert mentions == []


def test_actors() -> None:
    assert actors_of("Chinese President Xi Jinping met Vladimir Putin and MTS in Moscow") == (
        "Xi Jinping",
        "Vladimir Putin",
        "MTS",
        "Moscow",
    )


def test_two_dated_clauses_give_two_mentions() -> None:
    text = "Google suspended Huawei's Android licence in May, and Huawei unveiled its own operating system in August."
    mentions = [m for m in article_mentions(article(text)) if m.time]
    assert [(m.time.value, m.clause) for m in mentions if m.time] == [
        ("2019-05", "Google suspended Huawei's Android licence in May"),
        ("2019-08", "Huawei unveiled its own operating system in August."),
    ]


def test_one_date_written_twice_is_one_mention() -> None:
    text = "Xi spoke beside Putin in the Kremlin hall, as reported by The Guardian earlier today, 6 June."
    assert [m.time.value for m in article_mentions(article(text)) if m.time] == ["2019-06-06"]


def test_a_page_date_stamp_is_not_an_event() -> None:
    text = (
        "Jackson doctor trial Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK "
        "The doctor was charged with involuntary manslaughter on 8 February."
    )
    assert [m.time.value for m in article_mentions(article(text)) if m.time] == ["2019-02-08"]


def test_names_with_digits_are_whole_and_openers_are_not_actors() -> None:
    assert actors_of("However, the G20 said the H5N1 strain had reached Lagos.") == ("G20", "H5N1", "Lagos")
    assert actors_of("I'm sure the Oslo court will agree, said Ana Diaz.") == ("Oslo", "Ana Diaz")


def test_title_case_capitals_say_nothing_so_only_acronyms_and_the_article_s_names_are_actors() -> None:
    headline = "Pelican Foods Has Now Signed A Deal To Open 12 Stores In Norway With NRG"
    # Alone, a Title Case headline gives only its acronyms: every other capital is style.
    assert actors_of(headline) == ("NRG",)
    # With the article's own sentences, the names it writes there are recognised in any case.
    book = name_book("Pelican Foods agreed terms with NRG on Monday. Shops will open across Norway next spring.")
    assert actors_of(headline, book) == ("Pelican Foods", "Norway", "NRG")


def test_words_shouted_in_capitals_are_not_actors_unless_the_article_names_them() -> None:
    line = "STATEMENT FROM MARTA AND LEON ORTIZ The family thanked the hospital staff."
    assert actors_of(line) == ()
    book = name_book("Leon Ortiz spoke outside the hospital. His sister Marta read a poem.")
    assert actors_of(line, book) == ("Marta", "Leon Ortiz")
    # A dateline shouted in capitals: its day and month are not actors, the place after it is.
    assert actors_of("FRIDAY 3 MARCH - PORT HARBOUR The ferry from Valletta finally docked.") == ("Valletta",)


def test_a_common_word_opening_a_sentence_is_not_an_actor_when_the_article_writes_it_in_lower_case() -> None:
    text = "Ties between Oslo and Rome grew. Officials cut the trade ties in May."
    first = article_mentions(article(text))[0]
    assert "Ties" not in first.actors and {"Oslo", "Rome"} <= set(first.actors)
    # A name that opens a sentence is still a name.
    assert actors_of("Rome signed the treaty in May.", name_book(text)) == ("Rome",)


def dated(text: str, published: date = date(2019, 6, 6)) -> list[str]:
    return [m.time.value for m in article_mentions(Article(id="a", text=text, published=published)) if m.time]


def test_broadcast_listings_are_not_statements() -> None:
    # A programme slot opening its sentence, and credits (written with an escaped slash in some crawls).
    assert dated("7.00-9.30 pm RADIO FOUR Jane Doe presents tonight's news from the harbour.") == []
    assert dated(r"Presenter\/Jane Doe, Producers\/Sam Roe and Ann Poe The show returns on Friday.") == []
    # An ordinary sentence about a programme is still a statement.
    assert len(dated("The radio station said on Friday that the show would return.")) == 1


def test_a_date_in_a_labelled_field_or_a_comment_stamp_is_not_an_event() -> None:
    assert dated("Born: March 3, 1961, Leeds, England Known for: The long walk") == []
    assert dated("Added: Tuesday, 4 June, 2019, 18:16 GMT 18:16 UK I hope the bridge is rebuilt soon.") == []
    assert dated("4th June 2019 - 17:42 This comment was removed by the moderators.") == []
    # A blog comment's header: "At <time, date>, <user name> wrote:".
    assert dated("At 15:27 4th Jun 2019, river_fan99 wrote: I hope the bridge is rebuilt soon.") == []
    assert dated("On 4 June, the minister wrote: the bridge stays shut.") == ["2019-06-04"]
    # A label that is a date itself still dates its line.
    assert dated("The council met. Tuesday 4 June: the council voted to close the bridge.") == ["2019-06-04"]


def test_a_time_counted_from_another_event_is_not_dated_by_publication() -> None:
    # The tagger anchors these bare phrases to the publication day; they belong to the event named after them.
    assert dated("The minister took a sedative on the morning of her resignation.") == []
    assert dated("She was given the drug at 10.40 am on the day of her arrest.") == []
    assert dated("In the last day or two before the vote, the mayor seemed calm.") == []
    assert dated("The talks began after the fall of the old regime in the capital.") == []
    # Dates of their own, and relative dates that do not hang on another event, stay.
    assert dated("The trial will open next year before a jury hears the evidence.") == ["2020"]
    assert dated("Police raided the clinic at 10.40 am on Tuesday, officials said.")[0].startswith("2019-06-04")


def test_a_clock_time_alone_does_not_date_an_event_on_the_publication_day() -> None:
    # Published on 6 June: the time says nothing of which day the jury buzzed.
    assert dated("It had just gone 11am on the ninth floor when the jury buzzed three times.") == []
    assert dated("The night ferry to the islands now leaves at 9:10 local time.") == []
    # A clock time with its day, or the day said in words, still dates the sentence.
    assert dated("The jury buzzed three times at 11am on Tuesday in the ninth-floor courtroom.") == ["2019-06-04T11:00"]
    assert dated("The harbour master reopened the northern quay at noon today.") != []


def test_a_chronology_run_together_is_read_entry_by_entry() -> None:
    # A factbox whose line breaks a crawl lost: each entry is its own sentence, dated by its date.
    text = (
        "20 April: A blast at the mine kills 11 workers 28 April: Rescuers give up the search "
        "8 May: The owner closes the pit"
    )
    found = {m.time.value: m.sentence for m in article_mentions(Article(id="a", text=text, published=date(2019, 6, 6))) if m.time}
    assert found == {
        "2019-04-20": "20 April: A blast at the mine kills 11 workers",
        "2019-04-28": "28 April: Rescuers give up the search",
        "2019-05-08": "8 May: The owner closes the pit",
    }
    # One date before a dash in a sentence of its own is no chronology.
    assert len(list(split_sentences("Organizers chose January 25 -- Police Day -- to hold the march."))) == 1
    assert len(list(split_sentences("The vote was set for 28 April: a Monday, 5 May: a Sunday."))) == 1


def test_today_opening_a_statement_of_how_things_are_dates_nothing() -> None:
    # "Today, X is ..." tells these days, not an event of the report's day.
    assert dated("Today, the old harbour is much the same as it was when the ferries ran.") == []
    assert dated("Today he is a teacher at the school in the port.") == []
    # A past verb or a perfect after it is something that happened on the day.
    assert dated("Today, the harbour master said the quay is closed.") == ["2019-06-06"]
    assert dated("Today, the port authority has decided to close the quay.") == ["2019-06-06"]
    assert dated("Today he opens the new quay in the port.") == ["2019-06-06"]


def test_not_until_a_day_dates_what_happened_on_it() -> None:
    # "until" bounds a state ("shut until 27 May"); "not until" tells when something happened.
    assert dated("Not until May 27 did the harbour board raise its fees.") == ["2019-05-27"]
    assert dated("It was not until May 27 that the harbour board raised its fees.") == ["2019-05-27"]
    assert dated("The northern quay stays shut until May 27.") == []


def test_today_in_a_hypothetical_means_these_days_not_the_report_s_day() -> None:
    assert dated("If the divers had given up on us, I would not be here today, the fisherman said.") == []
    assert dated("Had I known then what I know today, I would have sold the boat.") == []
    assert dated("The harbour master said the northern quay reopened today after repairs.") == ["2019-06-06"]
    # A hypothetical after the day is what was said on it, not a condition on it.
    assert dated("The harbour master announced the new fees today, adding that ferries would pay more.") == ["2019-06-06"]
    assert dated("Whether the ferries sail today, the harbour master could not say.") == []
    assert dated("A storm as strong as that one today would close the port for a week.") == []


def test_a_live_page_s_time_stamps_and_a_clock_time_are_no_years() -> None:
    # Each entry of a live page opens with the time it was posted: not the year 1003.
    live = (
        "0946: Crowds gather outside the court in Los Angeles. 1003: Our correspondent says the jury "
        "has a question for the judge. 1129: The verdict will be read at 1300."
    )
    assert dated(live) == []
    assert dated("The doctor said the singer fell asleep at about 1100.") == []
    # A list of years stays a list of years.
    assert dated("1945: The war ends in Europe. 1949: Nato is founded. 1969: Apollo 11 lands on the Moon.") == ["1945", "1949", "1969"]


def test_a_sentence_opening_on_a_pronoun_carries_the_name_opening_the_sentence_before() -> None:
    text = (
        "Ann Lee, the harbour master, closed the port. She reopened it on Monday. "
        "She then left on Tuesday. Back in town the river rose on Wednesday. It flooded the bridge on Thursday. "
        "The ferry sailed on Friday."
    )
    found = {m.sentence: m.antecedent for m in article_mentions(Article(id="a", text=text, published=date(2014, 3, 8)))}
    assert found["She reopened it on Monday."] == "Ann Lee"
    assert found["She then left on Tuesday."] == "Ann Lee"  # carried on through a pronoun
    assert found["It flooded the bridge on Thursday."] == ""  # an adverbial, not a name, opens the one before
    assert found["The ferry sailed on Friday."] == ""  # no pronoun: nothing to name


def test_a_note_on_the_page_s_own_history_is_not_an_event() -> None:
    # When this page was amended or printed dates the page, not the story.
    assert dated("This story was amended at 09.15 on Tuesday 4 June 2019 to correct the mayor's name.") == []
    assert dated("A version of this article appeared on p12 of the Sports section on Tuesday 4 June 2019.") == []
    assert dated("A version of this review appears in print on June 4, 2019, on page C3 of the weekend edition.") == []
    # Another article, or a report that appeared somewhere, keeps its date.
    assert dated("The study was published on 4 June in a medical journal.") == ["2019-06-04"]
    assert dated("The minister appeared in court on Tuesday to deny the charge.") == ["2019-06-04"]


def test_the_age_of_a_linked_headline_is_not_an_event() -> None:
    links = "Ferry strike spreads to the islands - 3 hrs ago Harbour Times Union rejects the new pay offer - 1 day ago"
    assert dated(links) == []
    assert dated("The ferry crews walked out 3 hrs ago, the union said.") != []
