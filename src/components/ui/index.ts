// Shared UI primitives. Import from "@/components/ui" or the individual files.
export { Badge, type BadgeTone, badgeVariants, Dash } from "./badge";
export { Button, type ButtonProps, buttonVariants } from "./button";
export { type Attribute, AttributePanel, Card, CardBody, CardHeader } from "./card";
export { Checkbox } from "./checkbox";
export { cn, focusRing } from "./cn";
export { ConfirmDialog, DialogClose, DialogContent, DialogRoot, DialogTrigger } from "./dialog";
export {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "./dropdown-menu";
export { Duration } from "./duration";
export { formatExact, formatRelative } from "./format";
export { HealthBadge } from "./health-badge";
export { Field, fieldClass, Input, Label, Textarea } from "./input";
export { PageHeader } from "./page-header";
export { PAGE_SIZES, Pagination, pageWindow } from "./pagination";
export { formatRate, Rate } from "./rate";
export { RelativeTime, useNow } from "./relative-time";
export { Schedule } from "./schedule";
export { Select, type SelectOption } from "./select";
export { Spinner } from "./spinner";
export { EmptyState, ErrorState, LoadingState } from "./states";
export { LinkTabs, Tabs, TabsContent, TabsList, TabsTrigger } from "./tabs";
export { THEME_SCRIPT, THEME_STORAGE_KEY, ThemeToggle } from "./theme-toggle";
export { Tooltip, TooltipProvider } from "./tooltip";
