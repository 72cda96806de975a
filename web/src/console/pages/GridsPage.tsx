export default function GridsPage() {
  return null;
}
