import { Overview } from "@/components/overview/overview";
import { pagePermissions } from "@/server/overview/permissions";

export default async function OverviewPage() {
  await pagePermissions();
  return <Overview />;
}
