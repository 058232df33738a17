package cairn.web.pages;

/**
 * What is wrong with one field of a form: shown in the error summary at the top of the page (a link
 * to the field, whose id is {@code field}) and again above the field, as the GOV.UK Design System's
 * error summary and error message patterns do.
 */
public record FieldError(String field, String message) {}
