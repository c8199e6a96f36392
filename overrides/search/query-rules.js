/*
 * How this site's search reads a query. Appended to the theme's search worker at build time
 * (scripts/policysite/search_assets.py), so it runs in every language's worker once the worker has set
 * self.lunr, before any query is parsed. Material 9.8.1 with lunr 2.3.9; revisit when either changes.
 *
 * The theme turns every word of a query into a prefix ("report a deficiency" becomes "report* a* deficiency*"),
 * and lunr neither filters stop words nor stems a prefix. So "a*" found every word beginning with "a", and
 * the words a result matched, which its link carries as ?h=… and the opened page highlights wherever they
 * occur (even inside other words), included "a", "i" and "en". The rules here, applied as lunr parses a
 * query, which also reaches the theme's own second reading of it (the words a result matched or lacks):
 *
 * 1. A stop word of the index's language is no search word: lunr's own list for that language
 *    (lunr.sv.stopWordFilter for Swedish, lunr.stopWordFilter for English), the same list that kept these
 *    words out of the index. A query of stop words only is searched for them as whole words, which finds
 *    nothing (lunr runs a query without words as "everything").
 * 2. A prefix needs at least MIN_PREFIX characters: a shorter word is searched as a whole word.
 * 3. Swedish prefixes are stemmed like the Swedish index ("riktlinjerna*" becomes "riktlinj*"), so all forms
 *    of a word find each other (policysite.search_index.STEMMED_LANGUAGES). A stem shorter than MIN_PREFIX
 *    stays the word as typed.
 * 4. The theme's second reading, outside lunr.Index#search, also leaves out words shorter than MIN_PREFIX:
 *    a result never reports them as matched, so its link never carries them in ?h= to be highlighted.
 * 5. A page with the whole word (or, in Swedish, its stem) ranks above one with only longer words the prefix
 *    also finds: "rapportera en brist" finds the section "Rapportera en brist" before "Rapporteringsvägar".
 */
(function (lunr) {
  var MIN_PREFIX = 3;
  var EXACT_BOOST = 10;
  var PROHIBITED = lunr.Query.presence.PROHIBITED;
  var searching = 0; // > 0 while lunr.Index#search parses the query it runs
  var stemmer = null;

  // Each page's worker loads the language scripts of that page's index only: lunr.sv exists in the Swedish one.
  function language() {
    return lunr.sv || lunr;
  }

  function isStopWord(word) {
    return !language().stopWordFilter(word);
  }

  function stem(word) {
    if (!lunr.sv) return word;
    if (!stemmer) {
      stemmer = new lunr.Pipeline();
      stemmer.add(lunr.sv.trimmer, lunr.sv.stemmer);
    }
    var stems = stemmer.runString(word);
    return stems.length === 1 && stems[0].length >= MIN_PREFIX ? stems[0] : word;
  }

  // The clause searches the word itself, through the index's search pipeline (lunr's default for a word).
  function wholeWord(clause, word) {
    clause.term = word;
    clause.usePipeline = true;
    return clause;
  }

  // The whole word a prefix clause starts with, weighted above the longer words the prefix also finds.
  function exactly(clause) {
    return {term: clause.term.slice(0, -1), fields: clause.fields, boost: clause.boost * EXACT_BOOST,
            usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.OPTIONAL};
  }

  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    var kept = [];
    var stopWords = [];
    query.clauses.forEach(function (clause) {
      var word = clause.term.replace(/\*/g, "");
      var prefix = /^([^*]+)\*$/.exec(clause.term);
      if (clause.presence !== PROHIBITED && isStopWord(word)) {
        stopWords.push(wholeWord(clause, word));
        return;
      }
      var long = word.length >= MIN_PREFIX;
      if (prefix && !long) wholeWord(clause, word);
      if (prefix && long) clause.term = stem(word) + "*";
      if (!searching && !long && clause.presence !== PROHIBITED) return;
      kept.push(clause);
      if (searching && prefix && long && clause.presence !== PROHIBITED) kept.push(exactly(clause));
    });
    var words = kept.some(function (clause) { return clause.presence !== PROHIBITED; });
    query.clauses = words || !searching ? kept : kept.concat(stopWords);
    return query;
  };

  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (queryString) {
    searching += 1;
    try {
      return search.call(this, queryString);
    } finally {
      searching -= 1;
    }
  };
})(self.lunr);
