// POST /api/auth/sign-out/ — end the browser session and clear its cookie.
import { signOut } from "@/server/auth/sign-in";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = signOut;
