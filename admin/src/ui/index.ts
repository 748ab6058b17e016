/** The panel's small UI kit: every screen builds from these and the classes in styles.css. */
export { Button } from "./button";
export { ErrorNotice } from "./error-notice";
export { SelectField, TextAreaField, TextField } from "./field";
export { Badge, Card, Loading, Page } from "./layout";
export { Table, type Column } from "./table";
export { formatDateTime, formatMoney, formatMs } from "./format";
