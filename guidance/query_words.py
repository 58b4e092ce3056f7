"""Words a question is made of that say nothing about what is asked: Indonesian question
words, function words, chat shorthand and their Banjar counterparts. Search drops them from
a query (unless the query has nothing else). A leaf module: it imports nothing."""

import re

QUESTION_WORDS = frozenset(
    """
    apa apakah apaan berapa berapakah siapa siapakah kapan kapankah bagaimana bagaimanakah
    gimana mana manakah dimana kemana darimana mengapa kenapa knp napa cara caranya syaratnya
    bisakah bolehkah haruskah perlukah adakah
    """.split()  # noqa: SIM905 -- a list of words reads best as words
)

FUNCTION_WORDS = frozenset(
    """
    di ke dari yang dan atau untuk utk buat bagi dengan dgn pada dalam oleh agar supaya
    tentang terhadap sebagai seperti hingga sampai sejak lewat melalui via paling saja aja
    ini itu tsb tersebut nya kah lah pun sih dong deh kok nih tuh ya yah
    ada adalah ialah yaitu harus bisa dapat boleh mau ingin perlu akan sudah udah telah belum
    sedang masih juga lagi kalau kalo jika bila apabila maka jadi bikin tolong mohon minta
    saya aku kami kita kamu anda bapak ibu pak bu
    yg dg tdk gak nggak ga enggak dll dsb
    kaya kayapa haja nang ka ulun pian kada handak gasan lawan wayah
    """.split()  # noqa: SIM905 -- a list of words reads best as words
)

STOP_WORDS = QUESTION_WORDS | FUNCTION_WORDS

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text):
    """The words of a query, lower case, without punctuation."""
    return WORD.findall(text.lower())


def meaningful_words(text):
    """The words that say what is asked, in order, without repeats. A query made only of
    question and function words keeps them all: its words are then all it has."""
    all_words = list(dict.fromkeys(words(text)))
    kept = [word for word in all_words if word not in STOP_WORDS]
    return kept or all_words
