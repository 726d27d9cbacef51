using Mercato.Search.Text;

namespace Mercato.Search.Tests;

public class TextTests
{
    [Fact]
    public void Tokenizer_folds_case_and_diacritics()
    {
        Tokenizer.Tokens("Citroën ŠKODA Straße Ærø café").ShouldBe(["citroen", "skoda", "strasse", "aero", "cafe"]);
    }

    [Fact]
    public void Tokenizer_folds_decomposed_marks_and_splits_on_punctuation()
    {
        Tokenizer.Tokens("Cafe\u0301, F-150 (4x4)!").ShouldBe(["cafe", "f", "150", "4x4"]);
    }

    [Fact]
    public void Tokenizer_makes_one_token_per_ideograph()
    {
        Tokenizer.Tokens("丰田 Camry").ShouldBe(["丰", "田", "camry"]);
    }

    [Theory]
    [InlineData("civc", 0)]
    [InlineData("camry", 1)]
    [InlineData("corollas", 1)]
    [InlineData("highlander", 2)]
    [InlineData("1hgcm82633a004352", 0)]
    [InlineData("123456789", 0)]
    public void Typo_budget_depends_on_length_and_digits(string word, int typos) => Tokenizer.MaxTypos(word).ShouldBe(typos);

    [Theory]
    [InlineData("camri", new long[] { 1 })]
    [InlineData("carmy", new long[] { 1 })]
    [InlineData("cmary", new long[] { 1 })]
    [InlineData("civc ", new long[0])]
    [InlineData("cam", new long[] { 1 })]
    [InlineData("citroen", new long[] { 5 })]
    [InlineData("honda civic", new long[] { 3 })]
    [InlineData("toyota", new long[] { 1, 2 })]
    public void Queries_match_with_typos_prefixes_and_folding(string q, long[] ids) =>
        Vehicles.Sample().Search(new SearchQuery { Q = q }).Ids().Order().ShouldBe(ids);

    [Fact]
    public void Vin_like_words_get_no_typo_tolerance()
    {
        var index = Vehicles.Index(
            Vehicles.Car(1, "Honda", "Civic", 2019, 1).Set("vin", "1HGCM82633A004352"),
            Vehicles.Car(2, "Honda", "Civic", 2019, 1).Set("vin", "1HGCM82633A004353"));
        index.Search(new SearchQuery { Q = "1hgcm82633a004352 " }).Ids().ShouldBe([1]);
    }

    [Fact]
    public void All_query_words_must_match()
    {
        Vehicles.Sample().Search(new SearchQuery { Q = "honda camry " }).TotalHits.ShouldBe(0);
    }

    [Fact]
    public void Title_matches_outrank_description_matches_and_exact_words_outrank_typos()
    {
        var index = Vehicles.Index(
            new SearchDocument(1).Set("title", "Family wagon").Set("description", "a reliable camry alternative"),
            new SearchDocument(2).Set("title", "Camry hybrid").Set("description", "economical"),
            new SearchDocument(3).Set("title", "Camri hybrid").Set("description", "economical"));
        var result = index.Search(new SearchQuery { Q = "camry " });
        result.Ids().ShouldBe([2, 1, 3]);
        result.MatchedTerms.ShouldBe(["camri", "camry"]);
    }

    [Fact]
    public void Adjacent_words_break_ties_before_distant_ones()
    {
        var index = Vehicles.Index(
            new SearchDocument(1).Set("title", "leather sport seats"),
            new SearchDocument(2).Set("title", "sport leather seats"));
        index.Search(new SearchQuery { Q = "sport seats " }).Ids().ShouldBe([1, 2]);
    }

    [Fact]
    public void Highlighter_wraps_folded_matches_and_encodes_the_rest()
    {
        Highlighter.Highlight("<b>Citroën</b> & CITROEN's C4", ["citroen"])
            .ShouldBe("&lt;b&gt;<em>Citroën</em>&lt;/b&gt; &amp; <em>CITROEN</em>&#39;s C4");
        Highlighter.Highlight("2018 Toyota Camry", ["camry"], "[", "]").ShouldBe("2018 Toyota [Camry]");
    }
}
