/** The panel's small UI kit: every screen builds from these and the classes in styles.css. */
export { Button } from "./button";
export { ErrorNotice } from "./error-notice";
export { SelectField, TextAreaField, TextField } from "./field";
export { Badge, Card, Loading, Page } from "./layout";
export { Table, type Column } from "./table";
export { QueryTable } from "./query-table";
export { TableCard } from "./table-card";
export { channelLabel, languageLabel, promptVersionLabel, roleLabel } from "./labels";
export { formatDateTime, formatMoney, formatMs } from "./format";
