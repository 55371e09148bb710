package io.drillbook.sandbox;

import java.util.ArrayList;
import java.util.List;

/** GitHub's {@code per_page}/{@code page} pagination and its {@code Link} header. */
final class Paging {

  /**
   * One page of a list.
   *
   * @param items the page's items
   * @param total size of the whole list
   * @param link the {@code Link} header value, or null when everything fits on one page
   */
  record Page<T>(List<T> items, int total, String link) {}

  private static final int DEFAULT_PER_PAGE = 30;
  private static final int MAX_PER_PAGE = 100;

  private Paging() {}

  static <T> Page<T> page(List<T> all, GitHubRequest request, String baseUrl) {
    int perPage = Math.min(MAX_PER_PAGE, Math.max(1, request.intParam("per_page", DEFAULT_PER_PAGE)));
    int page = Math.max(1, request.intParam("page", 1));
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    List<String> links = new ArrayList<>();
    if (page > 1) {
      links.add(link(baseUrl, request.rawPath(), Math.min(page - 1, last), "prev"));
    }
    if (page < last) {
      links.add(link(baseUrl, request.rawPath(), page + 1, "next"));
      links.add(link(baseUrl, request.rawPath(), last, "last"));
    }
    if (page > 1) {
      links.add(link(baseUrl, request.rawPath(), 1, "first"));
    }
    return new Page<>(List.copyOf(all.subList(from, to)), all.size(),
        links.isEmpty() ? null : String.join(", ", links));
  }

  private static String link(String baseUrl, String rawPath, int page, String rel) {
    return "<" + baseUrl + withPage(rawPath, page) + ">; rel=\"" + rel + "\"";
  }

  static String withPage(String rawPath, int page) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    List<String> params = new ArrayList<>();
    if (q >= 0) {
      for (String pair : rawPath.substring(q + 1).split("&")) {
        if (!pair.isEmpty() && !pair.equals("page") && !pair.startsWith("page=")) {
          params.add(pair);
        }
      }
    }
    params.add("page=" + page);
    return path + "?" + String.join("&", params);
  }
}
